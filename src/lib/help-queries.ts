/**
 * The one place help pages are read from the content collection; the help
 * pages and the sidebar ask this module and never sort entries themselves.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { formatHelpPath, sortHelpPages, type HelpPageLink } from './help-nav.ts';

/** A help collection entry. */
export type HelpEntry = CollectionEntry<'help'>;

/** A help page with its entry, in sidebar order. */
export interface HelpPage extends HelpPageLink {
  readonly entry: HelpEntry;
  readonly updatedDate: Date;
}

let cached: Promise<HelpPage[]> | undefined;

/** Every help page in sidebar order; computed once per build (recomputed per request in dev). */
export function getHelpPages(): Promise<HelpPage[]> {
  const load = async () =>
    sortHelpPages(
      (await getCollection('help')).map((entry) => ({
        id: entry.id,
        title: entry.data.title,
        description: entry.data.description,
        sidebarOrder: entry.data.sidebarOrder,
        updatedDate: entry.data.updatedDate,
        path: formatHelpPath(entry.id),
        entry,
      })),
    );
  if (import.meta.env.DEV) return load();
  cached ??= load();
  return cached;
}

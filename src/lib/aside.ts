/** What the `Aside` callout component needs: its kinds and their default labels. */

/** Kinds of callout an author can put in a help page or post. */
export type AsideType = 'note' | 'tip' | 'caution';

/** The label an aside shows when the author gives none. */
export const ASIDE_TITLES: Record<AsideType, string> = {
  note: 'Note',
  tip: 'Tip',
  caution: 'Caution',
};

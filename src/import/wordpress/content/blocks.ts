/**
 * Block-editor (Gutenberg) content: each block is its saved HTML between
 * `<!-- wp:name {attributes} -->` and `<!-- /wp:name -->` comments. WordPress's
 * do_blocks() shows static blocks as that saved HTML and skips wpautop for the
 * post (wp-includes/blocks.php), so dropping the comments gives the HTML; only
 * reusable blocks (another item's content), embeds and dynamic blocks
 * (rendered by PHP, saved without HTML) need more.
 */
import { decodeHTML } from 'entities';
import { createEmbedCard, type EmbedCard } from './embeds.ts';

/** A reusable block (a `wp_block` item of the export) as posts that use it show it. */
export interface ReusableBlock {
  readonly content: string;
  /** WordPress shows a reusable block only while it is published and has no password. */
  readonly shown: boolean;
}

/** What the block pass reports, and the export's reusable blocks by ID. */
export interface BlockEnvironment {
  countEmbed(card: EmbedCard): void;
  /** Counts a dynamic block that has no saved HTML (nothing of it can be shown). */
  countUnknownBlock(name: string): void;
  /** Counts what could not be shown (a reusable block missing from the export) by kind. */
  countNotConverted(kind: string): void;
  readonly reusableBlocks?: ReadonlyMap<number, ReusableBlock>;
}

/** A reusable block inside a reusable block inside …: WordPress stops a loop; so does this, at a depth. */
const MAX_BLOCK_DEPTH = 10;

/** True when the content was written in the block editor (WordPress's has_blocks()). */
export function hasBlocks(content: string): boolean {
  return content.includes('<!-- wp:');
}

/** Reads a block comment's JSON attributes, or an empty object when they do not parse. */
function parseBlockAttributes(json: string | undefined): Record<string, unknown> {
  if (json === undefined || json.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Embed blocks (`wp:embed`, and `wp:core-embed/youtube` before WordPress 5.6)
 * keep their URL in the attributes and in the wrapper text; both become a card,
 * keeping the block's caption as a paragraph.
 */
function replaceEmbedBlocks(content: string, environment: BlockEnvironment): string {
  return content.replace(
    /<!-- wp:(embed|core-embed\/[\w-]+)(\s+\{[\s\S]*?\})?\s+-->([\s\S]*?)<!-- \/wp:\1 -->/g,
    (whole, _name: string, json: string | undefined, inner: string) => {
      const attributes = parseBlockAttributes(json);
      const wrapperUrl = /wp-block-embed__wrapper[^>]*>\s*(https?:\/\/[^\s<]+)/.exec(inner)?.[1];
      const url = typeof attributes.url === 'string' ? attributes.url : wrapperUrl;
      const card = url === undefined ? undefined : createEmbedCard(decodeHTML(url), true);
      if (card === undefined) return whole;
      environment.countEmbed(card);
      const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/.exec(inner)?.[1]?.trim();
      return `\n${card.html}\n${caption === undefined || caption === '' ? '' : `<p>${caption}</p>\n`}`;
    },
  );
}

/**
 * Puts each reusable block's content where a post uses it
 * (`<!-- wp:block {"ref":90} /-->`), as render_block_core_block() does:
 * only a published block, never one inside itself.
 */
function expandReusableBlocks(
  content: string,
  environment: BlockEnvironment,
  seen: readonly number[] = [],
): string {
  if (!content.includes('<!-- wp:block ')) return content;
  return content.replace(
    /<!-- wp:block(\s+\{[\s\S]*?\})?\s+\/-->/g,
    (_whole, json: string | undefined) => {
      const ref = Number(parseBlockAttributes(json).ref);
      const block = environment.reusableBlocks?.get(ref);
      if (!Number.isInteger(ref) || block === undefined) {
        environment.countNotConverted('reusable block missing from the export');
        return '';
      }
      if (!block.shown) {
        environment.countNotConverted('reusable block not published (WordPress did not show it)');
        return '';
      }
      if (seen.includes(ref) || seen.length >= MAX_BLOCK_DEPTH) {
        environment.countNotConverted('reusable block inside itself');
        return '';
      }
      return `\n${expandReusableBlocks(block.content.replace(/\r\n?/g, '\n'), environment, [...seen, ref])}\n`;
    },
  );
}

/**
 * Puts reusable blocks in place, replaces embed blocks with cards, counts dynamic blocks (self-closing
 * comments: their HTML is made by PHP at display time and is not in the
 * export), and drops all block comments.
 */
export function renderBlocks(content: string, environment: BlockEnvironment): string {
  const withCards = replaceEmbedBlocks(expandReusableBlocks(content, environment), environment);
  const withoutDynamic = withCards.replace(
    /<!-- wp:([a-z][\w/-]*)(?:\s+\{[\s\S]*?\})?\s+\/-->/g,
    (_whole, name: string) => {
      environment.countUnknownBlock(name);
      return '';
    },
  );
  return withoutDynamic.replace(/<!-- \/?wp:[a-z][\w/-]*(?:\s+\{[\s\S]*?\})?\s+\/?-->/g, '');
}

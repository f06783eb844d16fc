/**
 * A TypeScript port of WordPress's `wpautop()` and `shortcode_unautop()`
 * (wp-includes/formatting.php), which the classic editor relies on: it stores
 * paragraphs as blank lines and line breaks as single newlines, and WordPress
 * adds the `<p>` and `<br />` tags only when it displays a post. The steps keep
 * WordPress's order because later ones undo what earlier ones over-did.
 */

/** Block-level tags, as `$allblocks` in wpautop(). */
const ALL_BLOCKS =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)';

/** Splits HTML into text and tag/comment tokens, like wp_html_split() (simplified). */
function splitHtml(text: string): string[] {
  return text.split(/(<!--[\s\S]*?-->|<[^<>]*>)/);
}

/** Replaces newlines inside tags and comments only, like wp_replace_in_html_tags(). */
function replaceNewlinesInTags(text: string, replacement: string): string {
  return splitHtml(text)
    .map((part, index) => (index % 2 === 1 ? part.replaceAll('\n', replacement) : part))
    .join('');
}

/**
 * Adds `<p>` and `<br />` to classic-editor content the way WordPress shows it.
 * `<pre>` blocks are set aside first and restored untouched at the end.
 */
export function applyWpautop(input: string, addBreaks = true): string {
  if (input.trim() === '') return '';
  let text = input.replace(/\r\n?/g, '\n') + '\n';

  const preTags = new Map<string, string>();
  if (text.includes('<pre')) {
    const parts = text.split('</pre>');
    const last = parts.pop() ?? '';
    text = '';
    for (const part of parts) {
      const start = part.indexOf('<pre');
      if (start === -1) {
        // Malformed HTML: WordPress keeps the text and drops the stray </pre>.
        text += part;
        continue;
      }
      const name = `<pre wp-pre-tag-${preTags.size}></pre>`;
      preTags.set(name, part.slice(start) + '</pre>');
      text += part.slice(0, start) + name;
    }
    text += last;
  }

  text = text.replace(/<br\s*\/?>\s*<br\s*\/?>/g, '\n\n');
  text = text.replace(new RegExp(`(<${ALL_BLOCKS}[\\s/>])`, 'g'), '\n\n$1');
  text = text.replace(new RegExp(`(</${ALL_BLOCKS}>)`, 'g'), '$1\n\n');
  text = text.replace(/(<hr\s*?\/?>)/g, '$1\n\n');
  text = replaceNewlinesInTags(text, ' <!-- wpnl --> ');

  if (text.includes('<option')) {
    text = text.replace(/\s*<option/g, '<option').replace(/<\/option>\s*/g, '</option>');
  }
  if (text.includes('</object>')) {
    text = text
      .replace(/(<object[^>]*>)\s*/g, '$1')
      .replace(/\s*<\/object>/g, '</object>')
      .replace(/\s*(<\/?(?:param|embed)[^>]*>)\s*/g, '$1');
  }
  if (text.includes('<source') || text.includes('<track')) {
    text = text
      .replace(/([<[](?:audio|video)[^>\]]*[>\]])\s*/g, '$1')
      .replace(/\s*([<[]\/(?:audio|video)[>\]])/g, '$1')
      .replace(/\s*(<(?:source|track)[^>]*>)\s*/g, '$1');
  }
  if (text.includes('<figcaption')) {
    text = text
      .replace(/\s*(<figcaption[^>]*>)/g, '$1')
      .replace(/<\/figcaption>\s*/g, '</figcaption>');
  }

  text = text.replace(/\n\n+/g, '\n\n');
  const paragraphs = text.split(/\n\s*\n/).filter((paragraph) => paragraph !== '');
  text = paragraphs.map((paragraph) => `<p>${trimNewlines(paragraph)}</p>\n`).join('');

  text = text.replace(/<p>\s*<\/p>/g, '');
  text = text.replace(/<p>([^<]+)<\/(div|address|form)>/g, '<p>$1</p></$2>');
  text = text.replace(new RegExp(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`, 'g'), '$1');
  text = text.replace(/<p>(<li.+?)<\/p>/g, '$1');
  text = text.replace(/<p><blockquote([^>]*)>/gi, '<blockquote$1><p>');
  text = text.replaceAll('</blockquote></p>', '</p></blockquote>');
  text = text.replace(new RegExp(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)`, 'g'), '$1');
  text = text.replace(new RegExp(`(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`, 'g'), '$1');

  if (addBreaks) {
    // Newlines inside script/style/svg/math are code, not line breaks.
    text = text.replace(/<(script|style|svg|math)[\s\S]*?<\/\1>/g, (match) =>
      match.replaceAll('\n', '<WPPreserveNewline />'),
    );
    text = text.replaceAll('<br>', '<br />').replaceAll('<br/>', '<br />');
    text = text.replace(/(?<!<br \/>)\s*\n/g, '<br />\n');
    text = text.replaceAll('<WPPreserveNewline />', '\n');
  }

  text = text.replace(new RegExp(`(</?${ALL_BLOCKS}[^>]*>)\\s*<br />`, 'g'), '$1');
  text = text.replace(/<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/g, '$1');
  text = text.replace(/\n<\/p>$/, '</p>');

  for (const [name, original] of preTags) text = text.replace(name, () => original);
  if (text.includes('<!-- wpnl -->')) {
    text = text.replaceAll(' <!-- wpnl --> ', '\n').replaceAll('<!-- wpnl -->', '\n');
  }
  return text;
}

/** PHP's trim($s, "\n"). */
function trimNewlines(text: string): string {
  return text.replace(/^\n+|\n+$/g, '');
}

/**
 * Removes the `<p>` wpautop put around a shortcode that stands alone in its
 * paragraph, as shortcode_unautop() does, so that `[gallery]` does not end up
 * as a figure inside a paragraph.
 */
export function unwrapShortcodeParagraphs(text: string, names: readonly string[]): string {
  if (names.length === 0) return text;
  const tags = names.map(escapeRegExp).join('|');
  const pattern = new RegExp(
    String.raw`<p>\s*((?:<br />\s*)*)(\[(${tags})(?![\w-])[^\]/]*(?:/(?!\])[^\]/]*)*?(?:/\]|\](?:[^[]*(?:\[(?!/\3\])[^[]*)*\[/\3\])?))\s*(?:<br />\s*)*</p>`,
    'g',
  );
  return text.replace(pattern, '$2');
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

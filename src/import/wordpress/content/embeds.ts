/**
 * Embeds become link cards: a paragraph with one link to the original page, so
 * no third-party script or iframe loads until the reader follows the link.
 * One table of providers serves oEmbed URLs (WordPress's WP_oEmbed provider
 * list, wp-includes/class-wp-oembed.php) and the iframe allow-list.
 */

/** A provider whose embeds become link cards. */
interface EmbedProvider {
  /** Key in the findings (`embeds`). */
  readonly name: string;
  /** How the card names the provider. */
  readonly label: string;
  /** The card's verb phrase ("Watch the video", "Read the post"). */
  readonly action: string;
  /** Page URLs WordPress's oEmbed turns into an embed for this provider. */
  readonly pageUrl: RegExp;
  /** Iframe hosts on the allow-list, and how an iframe src maps back to the page. */
  readonly iframeHosts: readonly string[];
  readonly pageFromIframe: (url: URL) => string | undefined;
}

const EMBED_PROVIDERS: readonly EmbedProvider[] = [
  {
    name: 'youtube',
    label: 'YouTube',
    action: 'Watch the video',
    pageUrl:
      /^https?:\/\/(?:(?:www\.|m\.)?youtube\.com\/(?:watch|playlist|shorts\/|live\/|embed\/|v\/)|youtu\.be\/)\S*$/i,
    iframeHosts: [
      'youtube.com',
      'www.youtube.com',
      'youtube-nocookie.com',
      'www.youtube-nocookie.com',
    ],
    pageFromIframe: (url) => {
      const id = /^\/(?:embed|v)\/([\w-]+)/.exec(url.pathname)?.[1];
      return id === undefined ? undefined : `https://www.youtube.com/watch?v=${id}`;
    },
  },
  {
    name: 'vimeo',
    label: 'Vimeo',
    action: 'Watch the video',
    pageUrl: /^https?:\/\/(?:www\.|player\.)?vimeo\.com\/\S+$/i,
    iframeHosts: ['player.vimeo.com'],
    pageFromIframe: (url) => {
      const id = /^\/video\/(\d+)/.exec(url.pathname)?.[1];
      return id === undefined ? undefined : `https://vimeo.com/${id}`;
    },
  },
  {
    name: 'twitter',
    label: 'X (Twitter)',
    action: 'Read the post',
    pageUrl: /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/\w{1,15}\/status(?:es)?\/\d+\S*$/i,
    iframeHosts: ['platform.twitter.com', 'twitter.com', 'x.com', 'platform.x.com'],
    pageFromIframe: (url) => {
      const id = url.searchParams.get('id');
      return id !== null && /^\d+$/.test(id) ? `https://twitter.com/i/status/${id}` : undefined;
    },
  },
];

/** An embed turned into a card: the HTML and the provider to count it under. */
export interface EmbedCard {
  readonly html: string;
  readonly provider: string;
}

/** Escapes text for HTML text or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Parses an absolute http(s) URL, or undefined. */
function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Finds the oEmbed provider of a page URL (undefined when WordPress would not embed it). */
function findProvider(pageUrl: string): EmbedProvider | undefined {
  return EMBED_PROVIDERS.find((provider) => provider.pageUrl.test(pageUrl));
}

/** Renders the link card for a page URL. */
function renderCard(pageUrl: string, provider: EmbedProvider | undefined, host: string): EmbedCard {
  const text =
    provider === undefined ? `View on ${host}` : `${provider.action} on ${provider.label}`;
  return {
    html: `<p class="embed-card"><a href="${escapeHtml(pageUrl)}">${escapeHtml(text)}</a></p>`,
    provider: provider?.name ?? host,
  };
}

/**
 * Turns a URL WordPress would oEmbed into a card. With `anyHost` (the explicit
 * `[embed]` shortcode and embed blocks) any http(s) URL gets a card; a bare URL
 * on its own line only does for a known provider, as WordPress's autoembed.
 */
export function createEmbedCard(pageUrl: string, anyHost: boolean): EmbedCard | undefined {
  const url = parseHttpUrl(pageUrl.trim());
  if (url === undefined) return undefined;
  const provider = findProvider(url.href);
  if (provider === undefined && !anyHost) return undefined;
  return renderCard(url.href, provider, url.hostname);
}

/**
 * Maps an iframe on the allow-list to the card of the page it shows; undefined
 * for any other iframe (which the sanitiser removes).
 */
export function createIframeCard(src: string): EmbedCard | undefined {
  const url = parseHttpUrl(src.startsWith('//') ? `https:${src}` : src);
  if (url === undefined) return undefined;
  const host = url.hostname.toLowerCase();
  const provider = EMBED_PROVIDERS.find((candidate) => candidate.iframeHosts.includes(host));
  if (provider === undefined) return undefined;
  const page = provider.pageFromIframe(url) ?? url.href;
  return renderCard(page, provider, host);
}

/**
 * Applies WordPress's autoembed (WP_Embed::autoembed): a known provider's URL
 * alone on its own line becomes an embed, here a card.
 */
export function replaceBareEmbedUrls(text: string, onCard: (card: EmbedCard) => void): string {
  return text.replace(
    /^(\s*)(?:<p>\s*)?(https?:\/\/[^\s<>"]+)(?:\s*<\/p>)?(\s*)$/gim,
    (match, before: string, url: string, after: string) => {
      const card = createEmbedCard(url, false);
      if (card === undefined) return match;
      onCard(card);
      // Blank lines around the card keep wpautop from putting it inside a paragraph.
      return `${before}\n${card.html}\n${after}`;
    },
  );
}

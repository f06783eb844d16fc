/**
 * Synthetic posts for the build benchmark: realistic MDX (paragraphs, a list,
 * a highlighted code block, a table, links to other posts) spread over several
 * categories and years, deterministic so runs compare.
 */
import { slugifyTitle } from '../../src/lib/slug.ts';
import { formatPostPath } from '../../src/lib/urls.ts';

const CATEGORIES = ['News', 'Technical', 'Security', 'Mobile', 'Domains', 'Outages'];
const TOPICS = [
  'IMAP',
  'webmail',
  'spam filter',
  'address book',
  'calendar',
  'login',
  'DNS',
  'backups',
];
const FIRST_YEAR = 2005;
const YEARS = 20;

/** One generated post: file name, MDX source, permalink. */
export interface SyntheticPost {
  readonly fileName: string;
  readonly content: string;
  readonly path: string;
}

/** Title and date of post `index` (0-based) of `total`; dates spread evenly over the years. */
function describeSyntheticPost(
  index: number,
  total: number,
): { title: string; date: Date; slug: string } {
  const title = `Benchmark post ${index + 1}: ${TOPICS[index % TOPICS.length]} update`;
  const dayOffset = Math.floor((index * YEARS * 365) / Math.max(total, 1));
  const date = new Date(Date.UTC(FIRST_YEAR, 0, 1) + dayOffset * 86_400_000);
  return { title, date, slug: slugifyTitle(title) };
}

/** Builds post `index` of `total`, linking to its neighbours, as an `.mdx` (default) or `.md` file. */
export function composeSyntheticPost(
  index: number,
  total: number,
  extension: 'mdx' | 'md' = 'mdx',
): SyntheticPost {
  const { title, date, slug } = describeSyntheticPost(index, total);
  const categories = [
    CATEGORIES[index % CATEGORIES.length]!,
    CATEGORIES[(index * 7 + 3) % CATEGORIES.length]!,
  ];
  const linked = [(index + 1) % total, (index + total - 1) % total].map((other) => {
    const target = describeSyntheticPost(other, total);
    return `[${target.title}](${formatPostPath(target.date, target.slug)})`;
  });
  const topic = TOPICS[index % TOPICS.length];
  const content = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `pubDate: ${date.toISOString().slice(0, 10)}`,
    `categories: [${[...new Set(categories)].map((name) => JSON.stringify(name)).join(', ')}]`,
    '---',
    '',
    `We have rolled out a change to how ${topic} works for every account. Most people will not notice anything, but a few settings moved, and this post explains where they went and why.`,
    '',
    `The old behaviour dated from the early days of the service, when connections were slower and fewer people read mail on phones. Measurements over the last months showed the ${topic} path was responsible for a noticeable share of support requests.`,
    '',
    '## What changed',
    '',
    `- The ${topic} settings now live on one screen.`,
    '- Defaults favour encrypted connections.',
    '- Old options keep working until the end of the year.',
    '',
    '```ts',
    `const setting = await account.read('${slug}');`,
    'if (!setting.secure) {',
    "  await account.update({ secure: true, reason: 'benchmark' });",
    '}',
    '```',
    '',
    '| Option | Before | After |',
    '| --- | --- | --- |',
    `| ${topic} | optional | default |`,
    '| Port | 143 | 993 |',
    '',
    `Related: ${linked.join(' and ')}.`,
    '',
  ].join('\n');
  return {
    fileName: `${date.toISOString().slice(0, 10)}-${slug}.${extension}`,
    content,
    path: formatPostPath(date, slug),
  };
}

/** One generated help center file: path below the project root and its content. */
export interface SyntheticHelpFile {
  readonly path: string;
  readonly content: string;
}

/** Sections of the synthetic help center; each also gets one nested subsection. */
export const SYNTHETIC_HELP_SECTIONS = 10;

/**
 * A help center of `count` pages in ten sections, each with a nested
 * subsection holding a fifth of its pages: section index files, then pages
 * with headings, Steps, a titled code block with highlighted and changed
 * lines, and one `redirectFrom` each. Deterministic.
 */
export function composeSyntheticHelpCenter(count: number): SyntheticHelpFile[] {
  const files: SyntheticHelpFile[] = [];
  for (let section = 0; section < SYNTHETIC_HELP_SECTIONS; section++) {
    const base = `src/content/help/bench-${section + 1}`;
    files.push({
      path: `${base}/_section.yaml`,
      content: `label: Bench section ${section + 1}\norder: ${100 + section}\ndescription: Synthetic pages about ${TOPICS[section % TOPICS.length]}.\n`,
    });
    files.push({
      path: `${base}/more/_section.yaml`,
      content: `label: More on ${TOPICS[section % TOPICS.length]}\norder: 1000\ndescription: Nested synthetic pages.\n`,
    });
  }
  for (let index = 0; index < count; index++) {
    const section = index % SYNTHETIC_HELP_SECTIONS;
    const nested = Math.floor(index / SYNTHETIC_HELP_SECTIONS) % 5 === 4;
    const folder = `bench-${section + 1}${nested ? '/more' : ''}`;
    const topic = TOPICS[index % TOPICS.length] ?? 'mail';
    const components = '../'.repeat(folder.split('/').length + 2) + 'components';
    files.push({
      path: `src/content/help/${folder}/page-${index + 1}.mdx`,
      content: [
        '---',
        `title: "Help page ${index + 1}: ${topic}"`,
        `description: "How to change the ${topic} settings, step by step."`,
        `sidebarOrder: ${index}`,
        'updatedDate: 2026-01-01',
        `redirectFrom: ["/help/bench-old-${index + 1}.html"]`,
        '---',
        '',
        `import Steps from '${components}/Steps.astro';`,
        '',
        `This page explains how the ${topic} settings work and what each option changes for your account.`,
        '',
        '## Before you start',
        '',
        `You need your login and a few minutes. Changing ${topic} settings does not affect mail already delivered.`,
        '',
        '## Steps',
        '',
        '<Steps>',
        '',
        '1. Open the settings screen.',
        `2. Choose the ${topic} tab.`,
        '3. Change the value and save.',
        '',
        '</Steps>',
        '',
        '## Example',
        '',
        '```ini title="settings.ini" {1}',
        `${topic.replace(/\W/g, '_')} = on`,
        'port = 143 ; [!code --]',
        'port = 993 ; [!code ++]',
        '```',
        '',
      ].join('\n'),
    });
  }
  return files;
}

/** The four categories of the realistic corpus (issue 13); each post has one or two. */
const REALISTIC_CATEGORIES = ['News', 'Technical', 'Security', 'Outages'];
/** Hours between two realistic posts: 1,000 posts span about a year. */
const REALISTIC_INTERVAL_HOURS = 8;
/** The newest realistic post's date, in the past so no post is scheduled; earlier ones every eight hours before it. */
const REALISTIC_END = Date.UTC(2026, 5, 30, 22);

/** Deterministic pseudo-random numbers in [0, 1) for post `seed` (mulberry32), so runs compare. */
function createRandom(seed: number): () => number {
  let state = (seed * 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCES = [
  'Most people will not notice anything, but a few settings moved and this post explains where they went.',
  'The old behaviour dated from the early days of the service, when connections were slower and fewer people read mail on phones.',
  'Measurements over the last months showed this path was responsible for a noticeable share of support requests.',
  'We tested the change on a small group of accounts first and watched the error rates for two weeks before going further.',
  'If something looks different after the update, the settings screen has a link back to the previous layout until the end of the year.',
  'Nothing about your stored mail changes, and no folders or filters need to be recreated by hand.',
  'Third-party clients that follow the published standards keep working without any change on your side.',
  'The servers involved were replaced over several nights, one rack at a time, so that no account was ever offline.',
  'We also took the opportunity to remove a few options that almost nobody used and that made the screen harder to read.',
  'Thanks to everyone who wrote in with reports and suggestions; several of them shaped the final design.',
  'Security reviews of the new code were done by two people who had not written any of it.',
  'Logs from the old system are kept for the usual period and then deleted, exactly as before.',
  'Should you run into a problem, the support team has a short checklist and can switch your account back within minutes.',
  'The documentation pages have been updated at the same time, with new screenshots and a short video.',
];
const SECTION_TITLES = [
  'What changed',
  'Why we did it',
  'What you need to do',
  'Details for administrators',
  'Timeline',
  'Known issues',
  'Questions and answers',
];
const CODE_BLOCKS: Record<string, (topic: string) => string[]> = {
  ts: (topic) => [
    `const setting = await account.read(${JSON.stringify(topic)});`,
    'if (!setting.secure) {',
    "  await account.update({ secure: true, reason: 'upgrade' });",
    '}',
  ],
  bash: (topic) => [
    `curl -s https://api.example.com/v1/settings/${topic.replace(/\W/g, '-')} \\`,
    '  -H "Authorization: Bearer $TOKEN" | jq .secure',
  ],
  nginx: () => [
    'server {',
    '    listen 443 ssl;',
    '    server_name mail.example.com;',
    '    location / { proxy_pass http://127.0.0.1:8080; }',
    '}',
  ],
  ini: (topic) => [`[${topic.replace(/\W/g, '_')}]`, 'port = 993', 'secure = true'],
};
const CODE_LANGUAGES = Object.keys(CODE_BLOCKS);

/** Title and date of realistic post `index` of `total`: one every eight hours, the last on 30 June 2026. */
function describeRealisticPost(
  index: number,
  total: number,
): { title: string; date: Date; slug: string } {
  const title = `Update ${index + 1}: ${TOPICS[index % TOPICS.length]} changes`;
  const date = new Date(REALISTIC_END - (total - 1 - index) * REALISTIC_INTERVAL_HOURS * 3_600_000);
  return { title, date, slug: slugifyTitle(title) };
}

/** Counts the words of prose, ignoring Markdown punctuation. */
function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /\w/.test(word)).length;
}

/**
 * Builds realistic post `index` of `total` as in issue 13: 400–800 words
 * (median about 650) in 2–4 `##`/`###` sections, a bulleted and a numbered
 * list, one fenced code block (ts, bash, nginx or ini), a 3–5 row table, a
 * blockquote, two links to earlier posts, one or two of four categories, a
 * description, a post every eight hours. Deterministic.
 */
export function composeRealisticPost(
  index: number,
  total: number,
  extension: 'mdx' | 'md' = 'mdx',
): SyntheticPost {
  const random = createRandom(index + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const { title, date, slug } = describeRealisticPost(index, total);
  const topic = TOPICS[index % TOPICS.length]!;
  const categories = [REALISTIC_CATEGORIES[index % 4]!];
  if (random() < 0.5) categories.push(REALISTIC_CATEGORIES[(index + 1 + (index % 3)) % 4]!);
  // Two earlier posts (the first posts link forward, so every link resolves).
  const linked = [1, 2 + (index % 7)].map((back) => {
    const other = index - back >= 0 ? index - back : (index + back) % Math.max(total, 1);
    const target = describeRealisticPost(other, total);
    return `[${target.title}](${formatPostPath(target.date, target.slug)})`;
  });
  // Target length: a triangular spread over 400–800 words with most posts near 650.
  const wordsWanted = Math.round(
    random() < 0.5 ? 400 + Math.sqrt(random()) * 250 : 785 - Math.sqrt(random()) * 135,
  );
  const sectionCount = 2 + Math.floor(random() * 3);
  const language = CODE_LANGUAGES[index % CODE_LANGUAGES.length]!;
  const rows = 3 + Math.floor(random() * 3);
  const paragraph = () =>
    Array.from({ length: 3 + Math.floor(random() * 2) }, () => pick(SENTENCES)).join(' ');
  const extras: string[][] = [
    [
      `- The ${topic} settings now live on one screen.`,
      '- Defaults favour encrypted connections.',
      '- Old options keep working until the end of the year.',
    ],
    ['1. Open **Settings**.', `2. Choose the ${topic} tab.`, '3. Check the new defaults and save.'],
    ['```' + language, ...CODE_BLOCKS[language]!(topic), '```'],
    [
      '| Option | Before | After |',
      '| --- | --- | --- |',
      ...Array.from(
        { length: rows },
        (_, row) => `| ${topic} option ${row + 1} | ${row % 2 ? 'on' : 'off'} | default |`,
      ),
    ],
    [`> ${pick(SENTENCES)} ${pick(SENTENCES)}`],
  ];
  const body: string[] = [
    `We have rolled out a change to how ${topic} works for every account. ${paragraph()}`,
    `Related reading: ${linked[0]}.`,
  ];
  for (let section = 0; section < sectionCount; section++) {
    const heading = section > 0 && section === sectionCount - 1 ? '###' : '##';
    body.push(`${heading} ${SECTION_TITLES[(index + section) % SECTION_TITLES.length]}`);
    body.push(paragraph());
    const share = Math.ceil(extras.length / sectionCount);
    for (const extra of extras.slice(section * share, (section + 1) * share))
      body.push(extra.join('\n'));
  }
  body.push(`See also ${linked[1]}.`);
  // Pad with prose (before the last link), a sentence at a time, until the post reaches its length.
  const padding: string[] = [];
  while (countWords([...body, ...padding].join(' ')) < wordsWanted) padding.push(pick(SENTENCES));
  for (let start = 0; start < padding.length; start += 4)
    body.splice(body.length - 1, 0, padding.slice(start, start + 4).join(' '));
  const description = `How ${topic} changed in update ${index + 1} and what it means for your account.`;
  const content = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `pubDate: ${date.toISOString()}`,
    `description: ${JSON.stringify(description)}`,
    `categories: [${[...new Set(categories)].map((name) => JSON.stringify(name)).join(', ')}]`,
    '---',
    '',
    body.join('\n\n'),
    '',
  ].join('\n');
  return {
    fileName: `${date.toISOString().slice(0, 13).replace('T', '-')}-${slug}.${extension}`,
    content,
    path: formatPostPath(date, slug),
  };
}

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

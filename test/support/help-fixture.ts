/**
 * A help center of several sections, two levels deep, written into a
 * temporary project copy for the help-center tests: pages, section index
 * files, `redirectFrom`, a News post sharing a search word, an edit URL in the
 * site config, and a git history with known commit dates.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TempProject } from './temp-project.ts';

/** A word only the fixture's pages and post contain, for the search tests. */
export const FIXTURE_WORD = 'quetzalcoatlus';

/** The repository edit address the fixture's site config names. */
export const FIXTURE_EDIT_URL = 'https://git.example.org/weblog/edit/main';

/** Commit dates: everything first, then one page edited. */
export const FIRST_COMMIT = '2026-01-02T03:04:05Z';
export const SECOND_COMMIT = '2026-03-04T05:06:07Z';

/** Sections: folder, label, order, description. */
const sections = [
  ['clients', 'Email clients', 5, 'Setting up desktop and phone programs.'],
  ['clients/imap', 'IMAP programs', 2, 'Programs that keep mail on the server.'],
  ['billing', 'Billing', 20, 'Invoices and payment.'],
] as const;

/** Pages: id, title, sidebarOrder, redirectFrom, whether it carries the search word. */
const pages = [
  ['clients/overview', 'Clients overview', 1, ['/help/old-clients/'], true],
  ['clients/imap/apple-mail', 'Apple Mail', 1, [], false],
  ['clients/imap/thunderbird', 'Thunderbird', 2, ['/help/thunderbird.html', '/help/tb/'], false],
  ['billing/invoices', 'Invoices', 1, [], false],
] as const;

/** Every fixture page's path in sidebar order, after the real site's own help pages. */
export const FIXTURE_ORDER = [
  '/help/server-names-and-ports/',
  '/help/ssl-vs-tls-vs-starttls/',
  '/help/clients/overview/',
  '/help/clients/imap/apple-mail/',
  '/help/clients/imap/thunderbird/',
  '/help/email-programs/set-up-imap/',
  '/help/billing/invoices/',
];

/** Runs git in the project with a fixed identity and date. */
function git(project: TempProject, args: string[], date: string): void {
  execFileSync('git', args, {
    cwd: project.root,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Fixture',
      GIT_AUTHOR_EMAIL: 'fixture@example.org',
      GIT_COMMITTER_NAME: 'Fixture',
      GIT_COMMITTER_EMAIL: 'fixture@example.org',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
    },
  });
}

/** One fixture page's MDX (`id` sets the import path): two headings, Steps and a code block with a title. */
function composePage(
  id: string,
  title: string,
  order: number,
  redirectFrom: readonly string[],
  word: boolean,
): string {
  const components = '../'.repeat(id.split('/').length + 1) + 'components';
  return [
    '---',
    `title: ${JSON.stringify(title)}`,
    `description: ${JSON.stringify(`What to know about ${title}.`)}`,
    `sidebarOrder: ${order}`,
    ...(redirectFrom.length > 0
      ? [`redirectFrom: [${redirectFrom.map((from) => JSON.stringify(from)).join(', ')}]`]
      : []),
    '---',
    '',
    `import Steps from '${components}/Steps.astro';`,
    '',
    `This page explains ${title}${word ? ` and the ${FIXTURE_WORD} setting` : ''}.`,
    '',
    '## Steps',
    '',
    '<Steps>',
    '',
    '1. Open the settings.',
    '2. Change the port.',
    '',
    '</Steps>',
    '',
    '## Example',
    '',
    '```ini title="settings.ini" {1}',
    'server = mail.example.org',
    'port = 143 ; [!code --]',
    'port = 993 ; [!code ++]',
    '```',
    '',
  ].join('\n');
}

/** Writes the fixture tree, a News post with the search word and the edit URL, then commits it all. */
export function writeHelpFixture(project: TempProject): void {
  for (const [id, label, order, description] of sections) {
    project.write(
      `src/content/help/${id}/_section.yaml`,
      `label: ${label}\norder: ${order}\ndescription: ${description}\n`,
    );
  }
  for (const [id, title, order, redirectFrom, word] of pages) {
    project.write(`src/content/help/${id}.mdx`, composePage(id, title, order, redirectFrom, word));
  }
  project.write(
    'src/content/news/2026-01-01-fixture-post.mdx',
    `---\ntitle: Fixture post\npubDate: 2026-01-01\n---\n\nThe ${FIXTURE_WORD} is in the news too.\n`,
  );
  const siteFile = join(project.root, 'src/site.ts');
  const config = readFileSync(siteFile, 'utf8');
  project.write(
    'src/site.ts',
    config.replace('  localPort:', `  helpEditUrl: '${FIXTURE_EDIT_URL}',\n  localPort:`),
  );
  git(project, ['init', '-q', '-b', 'main'], FIRST_COMMIT);
  git(project, ['add', 'src'], FIRST_COMMIT);
  git(project, ['commit', '-q', '-m', 'fixture'], FIRST_COMMIT);
  project.write(
    'src/content/help/billing/invoices.mdx',
    `${composePage('billing/invoices', 'Invoices', 1, [], false)}\nEdited later.\n`,
  );
  git(project, ['commit', '-q', '-am', 'edit invoices'], SECOND_COMMIT);
}

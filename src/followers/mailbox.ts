/**
 * The messages of a Maildir (its `new/` and `cur/` files; a folder of `.eml`
 * files works too) or of an mbox file, for `npm run followers -- bounces`.
 * mbox is split at `From ` lines that follow a blank line (or start the
 * file), and `>From ` quoting is undone (mboxrd).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The files of a Maildir (or plain folder), oldest name first. */
function listMaildirFiles(dir: string): string[] {
  const folders = ['new', 'cur'].map((name) => join(dir, name)).filter((path) => existsSync(path));
  const sources = folders.length > 0 ? folders : [dir];
  return sources.flatMap((folder) =>
    readdirSync(folder)
      .filter((name) => !name.startsWith('.') && statSync(join(folder, name)).isFile())
      .sort()
      .map((name) => join(folder, name)),
  );
}

/** Splits an mbox file into its messages. */
export function splitMbox(content: Buffer): Buffer[] {
  const text = content.toString('latin1');
  const messages: Buffer[] = [];
  const starts = [...text.matchAll(/(?:^|\n)From [^\n]*\n/g)].map((match) => ({
    from: (match.index ?? 0) + (match[0].startsWith('\n') ? 1 : 0),
    body: (match.index ?? 0) + match[0].length,
  }));
  starts.forEach((start, index) => {
    const end = starts[index + 1]?.from ?? text.length;
    const body = text.slice(start.body, end).replace(/^>(>*From )/gm, '$1');
    messages.push(Buffer.from(body, 'latin1'));
  });
  return messages;
}

/** Every message at `path`: a Maildir or folder of files, or an mbox file. */
export function readMailbox(path: string): Buffer[] {
  if (statSync(path).isDirectory()) {
    return listMaildirFiles(path).map((file) => readFileSync(file));
  }
  return splitMbox(readFileSync(path));
}

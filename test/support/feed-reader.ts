/**
 * Reads a feed the way a feed reader does, with Debian's python3-feedparser
 * (the parser behind many readers), and returns what it understood: the feed's
 * title, links and every entry. Used to prove the stylesheet changes nothing for readers.
 */
import { spawnSync } from 'node:child_process';

/** What feedparser made of one entry. */
export interface ReadEntry {
  readonly id: string | null;
  readonly title: string | null;
  readonly link: string | null;
  readonly published: string | null;
  readonly updated: string | null;
  readonly summary: string | null;
  readonly content: readonly string[];
  readonly tags: readonly string[];
}

/** What feedparser made of a feed. */
export interface ReadFeed {
  /** True when the parser met malformed XML. */
  readonly bozo: boolean;
  readonly version: string;
  readonly title: string | null;
  readonly subtitle: string | null;
  readonly link: string | null;
  readonly links: readonly { readonly rel: string; readonly href: string }[];
  readonly entries: readonly ReadEntry[];
}

const script = `
import feedparser, json, sys
d = feedparser.parse(sys.stdin.buffer.read())
f = d.feed
print(json.dumps({
  "bozo": bool(d.bozo), "version": d.version,
  "title": f.get("title"), "subtitle": f.get("subtitle"), "link": f.get("link"),
  "links": [{"rel": l.get("rel"), "href": l.get("href")} for l in f.get("links", [])],
  "entries": [{
    "id": e.get("id"), "title": e.get("title"), "link": e.get("link"),
    "published": e.get("published"), "updated": e.get("updated"), "summary": e.get("summary"),
    "content": [c.get("value") for c in e.get("content", [])],
    "tags": [t.get("term") for t in e.get("tags", [])],
  } for e in d.entries],
}))
`;

/** Parses a feed document with feedparser. */
export function readFeed(document: string): ReadFeed {
  const result = spawnSync('/usr/bin/python3', ['-c', script], {
    input: document,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`feedparser failed (is python3-feedparser installed?): ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as ReadFeed;
}

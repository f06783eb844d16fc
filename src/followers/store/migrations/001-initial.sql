-- 1: followers, the posts already recorded, the delivery ledger keyed by (post, follower), and notify's flags.
CREATE TABLE followers (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  unsubscribed_at INTEGER,
  confirm_hash TEXT UNIQUE,
  confirm_expires_at INTEGER,
  unsubscribe_nonce TEXT NOT NULL,
  unsubscribe_hash TEXT NOT NULL UNIQUE
);
CREATE INDEX followers_status ON followers (status);
CREATE TABLE posts (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('existing', 'announced')),
  recorded_at INTEGER NOT NULL,
  seq INTEGER NOT NULL
);
CREATE TABLE deliveries (
  post_id TEXT NOT NULL REFERENCES posts (id),
  follower_id INTEGER NOT NULL REFERENCES followers (id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('queued', 'handed', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  message_id TEXT,
  error TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (post_id, follower_id)
) WITHOUT ROWID;
CREATE INDEX deliveries_state ON deliveries (state);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

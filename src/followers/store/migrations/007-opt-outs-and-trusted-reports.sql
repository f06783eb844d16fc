-- Opt-outs outlive the follower row: unsubscribing, or the operator removing an address, leaves a
-- tombstone holding only the SHA-256 of the address key, which imports honour; a fresh double
-- opt-in deletes it. Rows unsubscribed before this step get theirs when they are removed or sign
-- up again (SQLite has no SHA-256 to fill them in here).
CREATE TABLE opt_outs (
  key_hash TEXT PRIMARY KEY,
  reason TEXT NOT NULL CHECK (reason IN ('unsubscribed', 'removed')),
  opted_out_at INTEGER NOT NULL
) WITHOUT ROWID;
-- Bounce events say whether their report carried a VERP tag whose MAC checked out (only those
-- count towards a suppression; the others are kept for the operator) and which of our messages
-- bounced (its Message-ID when the report quotes it), so two reports about one send count once.
-- Events recorded before this step were acted on then, and stay counted.
ALTER TABLE bounce_events ADD COLUMN verified INTEGER NOT NULL DEFAULT 1 CHECK (verified IN (0, 1));
ALTER TABLE bounce_events ADD COLUMN send_id TEXT;
-- Unsubscribe links name the follower's nonce, so a link is checked against the current secret
-- rather than a hash stored at sign-up.
CREATE INDEX followers_unsubscribe_nonce ON followers (unsubscribe_nonce);

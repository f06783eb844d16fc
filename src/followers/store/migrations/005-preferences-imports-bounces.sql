-- 5: issue 11. Per follower: delivery mode (each post, daily or weekly digest), the categories
-- they want (a JSON array of lower-cased names; NULL means every post), when their last digest
-- went out, and where their consent came from (a sign-up here, or an import naming the old host).
-- Per post: its categories, so queueing can match them. Bounces and complaints are recorded per
-- address key (they outlive a removed follower), suppressions likewise, and each report processed
-- is remembered so reading the same mailbox twice counts nothing twice.
ALTER TABLE followers ADD COLUMN delivery TEXT NOT NULL DEFAULT 'instant'
  CHECK (delivery IN ('instant', 'daily', 'weekly'));
ALTER TABLE followers ADD COLUMN categories TEXT;
ALTER TABLE followers ADD COLUMN last_digest_at INTEGER;
ALTER TABLE followers ADD COLUMN consent_source TEXT NOT NULL DEFAULT 'sign-up';
ALTER TABLE posts ADD COLUMN categories TEXT NOT NULL DEFAULT '[]';
CREATE TABLE bounce_events (
  email_key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('hard', 'soft', 'complaint')),
  status TEXT,
  detail TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX bounce_events_key ON bounce_events (email_key, kind, at);
CREATE TABLE suppressions (
  email_key TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  suppressed_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE processed_reports (report_id TEXT PRIMARY KEY, processed_at INTEGER NOT NULL)
  WITHOUT ROWID;

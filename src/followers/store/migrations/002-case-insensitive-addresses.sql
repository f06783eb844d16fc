-- 2: addresses are unique regardless of case ("Foo@x.com" is "foo@x.com" to every real mailbox
-- provider). Existing duplicates keep the earliest confirmed row (else the earliest sign-up); a
-- queued delivery is dropped when another spelling of the same address already had that post, so
-- nobody gets it twice.
ALTER TABLE followers ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
UPDATE followers SET email_key = lower(email);
DELETE FROM deliveries WHERE state = 'queued' AND EXISTS (
  SELECT 1 FROM deliveries other
  JOIN followers them ON them.id = other.follower_id
  JOIN followers me ON me.id = deliveries.follower_id
  WHERE other.post_id = deliveries.post_id AND them.email_key = me.email_key
    AND them.id != me.id AND other.state IN ('handed', 'sent'));
DELETE FROM followers WHERE id IN (
  SELECT id FROM (
    SELECT id, row_number() OVER (
      PARTITION BY email_key
      ORDER BY status = 'confirmed' DESC,
        CASE WHEN status = 'confirmed' THEN confirmed_at END, created_at, id
    ) AS rank FROM followers
  ) WHERE rank > 1);
CREATE UNIQUE INDEX followers_email_key ON followers (email_key);

-- 3: deliveries still queued for someone no longer confirmed are dropped, so a person who leaves
-- and comes back gets only posts announced after that.
DELETE FROM deliveries WHERE state = 'queued'
  AND follower_id IN (SELECT id FROM followers WHERE status != 'confirmed');

-- 4: when the confirmation email went out, so a pending address gets one email per link lifetime
-- however often it is entered (and across restarts). Old pending rows are taken as mailed when they
-- were created.
ALTER TABLE followers ADD COLUMN confirm_sent_at INTEGER;
UPDATE followers SET confirm_sent_at = created_at WHERE status = 'pending';

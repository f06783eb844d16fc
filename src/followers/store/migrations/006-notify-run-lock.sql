-- 6: one notify run at a time per database. The lock is a row here, taken in a write transaction
-- (BEGIN IMMEDIATE), naming its holder: a random token, pid, host, start and the heartbeat the
-- holder keeps moving. A lock whose holder is provably gone (a dead pid on this host) or whose
-- heartbeat has gone stale may be taken over (notify-lock.ts).
CREATE TABLE run_locks (
  name TEXT PRIMARY KEY,
  token TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
) WITHOUT ROWID;

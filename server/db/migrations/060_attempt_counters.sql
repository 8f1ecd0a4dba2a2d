-- Counters that guard a secret (a password, an invite link). An attempt is
-- reserved by one conditional statement before the secret is checked, so a
-- burst of concurrent guesses can never check more than the limit.
CREATE TABLE attempt_counters (
  scope text NOT NULL,
  key text NOT NULL,
  attempts integer NOT NULL,
  window_started_at timestamptz NOT NULL,
  blocked_until timestamptz,
  PRIMARY KEY (scope, key)
);

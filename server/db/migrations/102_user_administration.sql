-- Administration of a program's users: invitations to set a password, and
-- state licenses with their expiry dates (routing stops at the end of the
-- expiry date in the program's time zone).

CREATE TABLE user_invitations (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id uuid NOT NULL REFERENCES users(id),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX user_invitations_user ON user_invitations(user_id);

CREATE TABLE user_licenses (
  user_id uuid NOT NULL REFERENCES users(id),
  state char(2) NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
  -- The last day the license is valid; NULL: no expiry recorded.
  expires_on date,
  PRIMARY KEY (user_id, state)
);

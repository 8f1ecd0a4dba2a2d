-- The clarification thread of a written eConsult: the psychiatrist asks, the
-- PCP answers. Append-only; read_at is the recipient's badge.
CREATE TABLE econsult_messages (
  id uuid PRIMARY KEY,
  consult_id uuid NOT NULL REFERENCES consults(id),
  author_id uuid NOT NULL REFERENCES users(id),
  recipient_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('question', 'answer')),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX econsult_messages_consult ON econsult_messages(consult_id, created_at);
CREATE INDEX econsult_messages_unread ON econsult_messages(recipient_id)
  WHERE read_at IS NULL;

-- A clinician's choice to be texted about eConsult messages (never naming a
-- patient): the number, and when they opted in (null: no texts).
ALTER TABLE users ADD COLUMN notify_sms_phone text;
ALTER TABLE users ADD COLUMN notify_sms_opted_in_at timestamptz;

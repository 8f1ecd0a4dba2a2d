-- A family's link works again for its person until the visit ends: the
-- device in use is the one whose visit token was seen last, so a second
-- device at the same time can be refused while a lost tab is not.
ALTER TABLE visit_participants ADD COLUMN IF NOT EXISTS device_seen_at timestamptz;

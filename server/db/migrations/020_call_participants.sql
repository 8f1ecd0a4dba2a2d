-- Who is in each call right now, so every instance (and a restarted one) sees the
-- same room. Rebuildable from call_events in principle; kept as a table because
-- joins, drops and grace expiries are decided with row locks across instances.

CREATE TABLE call_participants (
  call_id uuid NOT NULL REFERENCES calls(id),
  -- A user id (clinicians) or a visit participant id (patients, guardians, interpreters).
  participant_id text NOT NULL,
  user_id uuid REFERENCES users(id),
  role text NOT NULL CHECK (role IN ('pcp', 'psychiatrist', 'coordinator', 'patient', 'guardian', 'interpreter')),
  display_name text NOT NULL,
  state text NOT NULL CHECK (state IN ('present', 'reconnecting', 'left')),
  -- Bumped on every join: a late disconnect of an older connection cannot drop a newer one.
  join_seq integer NOT NULL DEFAULT 1,
  -- The client's peer session (one per call engine instance): a new one means "rebuild my peer connections".
  peer_session text NOT NULL,
  audio_muted boolean NOT NULL DEFAULT false,
  video_muted boolean NOT NULL DEFAULT false,
  media_connected boolean NOT NULL DEFAULT false,
  joined_at timestamptz NOT NULL,
  state_since timestamptz NOT NULL,
  -- When the participant last stopped being reachable (dropped or left); the grace window runs from here.
  gone_at timestamptz,
  PRIMARY KEY (call_id, participant_id)
);
CREATE INDEX call_participants_reconnecting ON call_participants(gone_at) WHERE state = 'reconnecting';
CREATE INDEX calls_open ON calls(opened_at) WHERE status = 'open';

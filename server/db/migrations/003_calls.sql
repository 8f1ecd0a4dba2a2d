-- Calls (the media session of a consult or a visit) and their append-only event log.
-- The billing time ledger is computed from call_events; nothing updates or deletes them.

CREATE TABLE calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consult_id uuid NOT NULL REFERENCES consults(id),
  -- Set when the call is a patient virtual visit (the visits module's table).
  visit_id uuid,
  media_backend text NOT NULL DEFAULT 'p2p' CHECK (media_backend IN ('p2p', 'mediasoup', 'livekit', 'phone')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ended')),
  opened_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  ended_by uuid REFERENCES users(id),
  ended_reason text
);
CREATE INDEX calls_consult ON calls(consult_id);
-- At most one open call per consult (visits get their own call).
CREATE UNIQUE INDEX calls_one_open_per_consult ON calls(consult_id) WHERE status = 'open' AND visit_id IS NULL;

CREATE TABLE call_events (
  id bigserial PRIMARY KEY,
  call_id uuid NOT NULL REFERENCES calls(id),
  consult_id uuid NOT NULL REFERENCES consults(id),
  at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL CHECK (type IN (
    'participant_joined', 'media_connected', 'participant_left', 'participant_dropped',
    'participant_reconnected', 'call_ended', 'phone_call_started', 'phone_call_ended')),
  -- Stable id of the participant within the call: a user id or a visit participant id.
  participant_id text,
  user_id uuid REFERENCES users(id),
  participant_role text CHECK (participant_role IN ('pcp', 'psychiatrist', 'coordinator', 'patient', 'guardian', 'interpreter', 'phone')),
  source text NOT NULL CHECK (source IN ('signaling', 'twilio', 'livekit', 'mediasoup', 'system')),
  details jsonb
);
CREATE INDEX call_events_call ON call_events(call_id, at);
CREATE INDEX call_events_consult ON call_events(consult_id, at);

CREATE TRIGGER call_events_no_update BEFORE UPDATE OR DELETE ON call_events
  FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER call_events_no_truncate BEFORE TRUNCATE ON call_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

-- Patient virtual visits: invitees, single-use invite links, visit tokens, identity
-- checks, telehealth/guardian consent and the waiting room. Owned by server/visits.

CREATE TABLE visits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consult_id uuid NOT NULL REFERENCES consults(id),
  program_id uuid NOT NULL REFERENCES programs(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  created_by uuid NOT NULL REFERENCES users(id),
  scheduled_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'ended', 'cancelled')),
  -- Phone dial-in: a random numeric code and a conference name that carry no personal data.
  phone_code text NOT NULL CHECK (phone_code ~ '^[0-9]{8}$'),
  conference_name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  ended_by uuid REFERENCES users(id)
);
CREATE INDEX visits_consult ON visits(consult_id, created_at);
-- A dial-in code names one live visit at a time.
CREATE UNIQUE INDEX visits_phone_code_live ON visits(phone_code) WHERE status IN ('scheduled', 'in_progress');

-- Someone invited to a visit without an account: the patient, a guardian, an interpreter.
CREATE TABLE visit_participants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  visit_id uuid NOT NULL REFERENCES visits(id),
  role text NOT NULL CHECK (role IN ('patient', 'guardian', 'interpreter')),
  display_name text NOT NULL,
  language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es')),
  state text NOT NULL CHECK (state IN ('invited', 'checking_in', 'waiting', 'admitted', 'removed')),
  state_changed_at timestamptz NOT NULL DEFAULT now(),
  removed_reason text,
  phone_e164 text CHECK (phone_e164 IS NULL OR phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
  -- Consent to receive texts, recorded by a clinician before any SMS is sent.
  sms_consent_at timestamptz,
  sms_consent_by uuid REFERENCES users(id),
  identity_confirmed_at timestamptz,
  identity_failures integer NOT NULL DEFAULT 0,
  -- What the person said at the identity check (guardian: their name and relationship).
  confirmed_name text,
  relationship text,
  audio_only boolean NOT NULL DEFAULT false,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_participants_visit ON visit_participants(visit_id);

-- Invite links. Only a SHA-256 of the token is kept; a token is exchanged once.
CREATE TABLE visit_invites (
  token_hash text PRIMARY KEY,
  participant_id uuid NOT NULL REFERENCES visit_participants(id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  channel text NOT NULL CHECK (channel IN ('link', 'sms')),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_invites_participant ON visit_invites(participant_id);

-- Short-lived visit tokens an invite is exchanged for (hash only; revocable).
CREATE TABLE visit_sessions (
  token_hash text PRIMARY KEY,
  participant_id uuid NOT NULL REFERENCES visit_participants(id),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  client_ip text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_sessions_participant ON visit_sessions(participant_id);

-- Failed invite exchanges, counted per address to slow guessing.
CREATE TABLE visit_invite_failures (
  id bigserial PRIMARY KEY,
  client_ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_invite_failures_ip ON visit_invite_failures(client_ip, at);

-- Consent captured at join: which text (version and hash of exactly what was shown), who, when.
CREATE TABLE visit_consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  visit_id uuid NOT NULL REFERENCES visits(id),
  participant_id uuid NOT NULL REFERENCES visit_participants(id),
  kind text NOT NULL CHECK (kind IN ('telehealth', 'guardian_for_minor', 'interpreter_confidentiality')),
  text_version text NOT NULL,
  text_language text NOT NULL,
  text_sha256 text NOT NULL CHECK (text_sha256 ~ '^[0-9a-f]{64}$'),
  signer_name text NOT NULL,
  signer_relationship text,
  agreed_at timestamptz NOT NULL,
  client_ip text
);
CREATE INDEX visit_consents_visit ON visit_consents(visit_id);

CREATE TRIGGER visit_consents_no_update BEFORE UPDATE OR DELETE ON visit_consents
  FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();

-- Phone legs of a visit (dial-in or dial-out), keyed by Twilio's CallSid, so status
-- callbacks stay idempotent and the ledger gets one start and one end per leg.
CREATE TABLE visit_phone_legs (
  call_sid text PRIMARY KEY CHECK (call_sid ~ '^CA[0-9a-fA-F]{32}$'),
  visit_id uuid NOT NULL REFERENCES visits(id),
  participant_id uuid REFERENCES visit_participants(id),
  direction text NOT NULL CHECK (direction IN ('dial_in', 'dial_out')),
  staff_user_id uuid REFERENCES users(id),
  -- The visit's call the leg's ledger rows belong to (start and end always in the same call).
  call_id uuid REFERENCES calls(id),
  started_at timestamptz,
  ended_at timestamptz,
  last_status text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_phone_legs_visit ON visit_phone_legs(visit_id);

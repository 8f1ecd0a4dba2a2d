-- Consult requests, their transition history, the offers (reservations) made to
-- psychiatrists and psychiatrist availability. Owned by the consult queue module.
-- PostgreSQL is the source of truth: the live queue in Redis (or in-process) is
-- rebuilt from these tables.

CREATE TABLE consults (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id uuid NOT NULL REFERENCES programs(id),
  practice_id uuid NOT NULL REFERENCES practices(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  requested_by uuid NOT NULL REFERENCES users(id),
  assigned_psychiatrist_id uuid REFERENCES users(id),
  status text NOT NULL CHECK (status IN (
    'requested', 'triage', 'queued', 'offered', 'accepted', 'in_call', 'wrap_up', 'completed', 'cancelled', 'expired')),
  consult_type text NOT NULL CHECK (consult_type IN ('clinician_consult', 'direct_evaluation', 'resource_referral')),
  contact_mode text NOT NULL DEFAULT 'video' CHECK (contact_mode IN ('video', 'phone')),
  reason_categories text[] NOT NULL,
  clinical_question text NOT NULL,
  urgency text NOT NULL CHECK (urgency IN ('routine', 'urgent')),
  -- Why the urgency is what it is: 'requested' or 'screening_item9_positive'.
  urgency_reason text NOT NULL DEFAULT 'requested',
  emergency boolean NOT NULL DEFAULT false,
  specialty text NOT NULL CHECK (specialty IN ('child_adolescent', 'perinatal', 'adult', 'addiction')),
  language text NOT NULL DEFAULT 'en',
  callback_method text NOT NULL CHECK (callback_method IN ('video', 'phone')),
  callback_phone text,
  screening jsonb,
  idempotency_key text,
  -- Set when the request first reaches the psychiatrist line; escalation counts from here.
  queued_at timestamptz,
  -- A request whose psychiatrist vanished before the call goes back to the front of its band.
  front_of_line boolean NOT NULL DEFAULT false,
  escalation_level integer NOT NULL DEFAULT 0,
  sla_breached_at timestamptz,
  accepted_at timestamptz,
  call_started_at timestamptz,
  completed_at timestamptz,
  -- What a coordinator gave for a resource & referral request they resolved.
  resolution jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (callback_method <> 'phone' OR callback_phone IS NOT NULL),
  -- A consult past acceptance always names its psychiatrist.
  CHECK (status NOT IN ('accepted', 'in_call', 'wrap_up') OR assigned_psychiatrist_id IS NOT NULL)
);
CREATE INDEX consults_patient ON consults(patient_id);
CREATE INDEX consults_practice ON consults(practice_id, created_at);
CREATE INDEX consults_program_status ON consults(program_id, status);
CREATE INDEX consults_assigned ON consults(assigned_psychiatrist_id) WHERE assigned_psychiatrist_id IS NOT NULL;
-- A retried submit with the same key finds the first request instead of creating another.
CREATE UNIQUE INDEX consults_idempotency ON consults(requested_by, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Every status change, with time, actor and reason.
CREATE TABLE consult_transitions (
  id bigserial PRIMARY KEY,
  consult_id uuid NOT NULL REFERENCES consults(id),
  from_status text,
  to_status text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid REFERENCES users(id),
  actor_role text NOT NULL,
  reason text NOT NULL,
  details jsonb
);
CREATE INDEX consult_transitions_consult ON consult_transitions(consult_id, id);

-- An offer ("reservation"): one psychiatrist is rung for one request.
CREATE TABLE consult_offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consult_id uuid NOT NULL REFERENCES consults(id),
  psychiatrist_id uuid NOT NULL REFERENCES users(id),
  program_id uuid NOT NULL REFERENCES programs(id),
  escalation_level integer NOT NULL DEFAULT 0,
  offered_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  -- NULL while ringing. 'abandoned': accepted, then the psychiatrist dropped before the call.
  outcome text CHECK (outcome IN ('accepted', 'declined', 'timed_out', 'withdrawn', 'abandoned')),
  outcome_reason text,
  decided_at timestamptz
);
CREATE INDEX consult_offers_consult ON consult_offers(consult_id);
CREATE INDEX consult_offers_psychiatrist ON consult_offers(psychiatrist_id);
CREATE INDEX consult_offers_live_expiry ON consult_offers(expires_at) WHERE outcome IS NULL;
-- The database itself guarantees: one ringing offer per request, one per psychiatrist,
-- and at most one standing acceptance per request, whatever a stale live queue believes.
CREATE UNIQUE INDEX consult_offers_one_live_per_consult ON consult_offers(consult_id) WHERE outcome IS NULL;
CREATE UNIQUE INDEX consult_offers_one_live_per_psychiatrist ON consult_offers(psychiatrist_id) WHERE outcome IS NULL;
CREATE UNIQUE INDEX consult_offers_one_acceptance ON consult_offers(consult_id) WHERE outcome = 'accepted';

-- A psychiatrist's chosen availability (TaskRouter's "activity"). Connection presence
-- lives in the live queue store; this is what survives a Redis flush.
CREATE TABLE psychiatrist_availability (
  user_id uuid PRIMARY KEY REFERENCES users(id),
  program_id uuid NOT NULL REFERENCES programs(id),
  status text NOT NULL CHECK (status IN ('available', 'busy', 'away', 'offline')),
  reason text NOT NULL,
  changed_at timestamptz NOT NULL,
  -- Longest idle is offered first: the moment they last became free.
  idle_since timestamptz NOT NULL
);
CREATE INDEX psychiatrist_availability_program ON psychiatrist_availability(program_id);

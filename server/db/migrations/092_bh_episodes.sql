-- Short behavioral health episodes (issue #17): a referral (warm or
-- scheduled) opens one; a few sessions with a structured note; closing needs
-- an outcome and a signed report to the referring PCP.

CREATE TABLE bh_episodes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id uuid NOT NULL REFERENCES programs(id),
  practice_id uuid NOT NULL REFERENCES practices(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  referred_by uuid NOT NULL REFERENCES users(id),
  -- Null only while no licensed clinician could be found for a scheduled referral.
  clinician_id uuid REFERENCES users(id),
  origin text NOT NULL CHECK (origin IN ('warm_handoff', 'scheduled')),
  handoff_id uuid REFERENCES warm_handoffs(id),
  referred_at timestamptz NOT NULL,
  -- A scheduled referral's first opening.
  scheduled_for timestamptz,
  -- The program's limit when the episode opened (a later change does not move it).
  session_limit integer NOT NULL CHECK (session_limit BETWEEN 1 AND 20),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  outcome text CHECK (outcome IN (
    'resolved_in_primary_care', 'continued_care_elsewhere', 'stepped_up_to_psychiatry')),
  outcome_referral text,
  step_up_consult_id uuid REFERENCES consults(id),
  closed_at timestamptz,
  CHECK (status = 'open' OR (outcome IS NOT NULL AND closed_at IS NOT NULL)),
  CHECK (outcome IS DISTINCT FROM 'continued_care_elsewhere' OR outcome_referral IS NOT NULL),
  CHECK (outcome IS DISTINCT FROM 'stepped_up_to_psychiatry' OR step_up_consult_id IS NOT NULL)
);
CREATE INDEX bh_episodes_practice ON bh_episodes(practice_id, referred_at);
CREATE INDEX bh_episodes_clinician ON bh_episodes(clinician_id) WHERE status = 'open';
CREATE UNIQUE INDEX bh_episodes_one_per_handoff ON bh_episodes(handoff_id) WHERE handoff_id IS NOT NULL;

CREATE TABLE bh_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  episode_id uuid NOT NULL REFERENCES bh_episodes(id),
  -- 1, 2, 3...: unique, so two racing writes cannot both be the third.
  number integer NOT NULL CHECK (number >= 1),
  clinician_id uuid NOT NULL REFERENCES users(id),
  mode text NOT NULL CHECK (mode IN ('video', 'phone', 'in_person')),
  held_at timestamptz NOT NULL,
  minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 240),
  focus text NOT NULL,
  interventions text[] NOT NULL,
  homework text NOT NULL DEFAULT '',
  risk_level text NOT NULL CHECK (risk_level IN ('none', 'low', 'moderate', 'high')),
  -- The screening given at this session, if any (assessments live on branch scr).
  assessment_id uuid,
  instrument text,
  score integer,
  created_at timestamptz NOT NULL,
  UNIQUE (episode_id, number)
);

-- The written report to the PCP: edited as a draft, locked once signed,
-- later changes are signed addenda; deliveries are recorded (as consult reports).
CREATE TABLE bh_episode_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  episode_id uuid NOT NULL UNIQUE REFERENCES bh_episodes(id),
  author_id uuid NOT NULL REFERENCES users(id),
  summary text NOT NULL DEFAULT '',
  recommendations text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
  signed_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (status = 'draft' OR signed_at IS NOT NULL)
);
CREATE TRIGGER bh_episode_reports_locked BEFORE UPDATE OR DELETE ON bh_episode_reports
  FOR EACH ROW EXECUTE FUNCTION consult_reports_lock_signed();

CREATE TABLE bh_episode_report_addenda (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES bh_episode_reports(id),
  author_id uuid NOT NULL REFERENCES users(id),
  body text NOT NULL CHECK (length(body) > 0),
  signed_at timestamptz NOT NULL
);
CREATE TRIGGER bh_episode_report_addenda_no_change BEFORE UPDATE OR DELETE ON bh_episode_report_addenda
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();

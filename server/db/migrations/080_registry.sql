-- Collaborative-care registry (issue #16): the care_manager role, the care team
-- an enrollment puts on the practice's registry, care-manager contacts and the
-- psychiatric consultant's case reviews. Time itself stays in
-- time_ledger_entries (the billing engine reads it there): a contact or a
-- review points at its ledger row instead of keeping minutes of its own.

ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (
  'pcp', 'psychiatrist', 'coordinator', 'admin', 'biller', 'care_manager'));

-- One row per care enrollment (cocm / bhi): who treats, who manages, who consults.
CREATE TABLE registry_enrollments (
  enrollment_id uuid PRIMARY KEY REFERENCES care_enrollments(id),
  program_id uuid NOT NULL REFERENCES programs(id),
  practice_id uuid NOT NULL REFERENCES practices(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  pcp_id uuid NOT NULL REFERENCES users(id),
  care_manager_id uuid NOT NULL REFERENCES users(id),
  consultant_id uuid NOT NULL REFERENCES users(id),
  -- The outcome measure followed for this patient.
  instrument text NOT NULL DEFAULT 'phq9' CHECK (instrument IN ('phq9', 'gad7')),
  started_on date NOT NULL,
  ended_on date,
  end_reason text CHECK (end_reason IN (
    'remission', 'referred_out', 'lost_to_follow_up', 'declined', 'moved')),
  -- Summaries the registry page reads for thousands of rows at once, kept in
  -- the same statement that adds a contact or a review (never edited apart).
  contacts integer NOT NULL DEFAULT 0,
  last_contact_at timestamptz,
  next_contact_on date,
  last_review_at timestamptz,
  last_recommendation text,
  CHECK ((ended_on IS NULL) = (end_reason IS NULL))
);
-- At most one open registry episode per patient.
CREATE UNIQUE INDEX registry_enrollments_open ON registry_enrollments(patient_id)
  WHERE ended_on IS NULL;
CREATE INDEX registry_enrollments_program ON registry_enrollments(program_id, practice_id)
  WHERE ended_on IS NULL;
CREATE INDEX registry_enrollments_care_manager ON registry_enrollments(care_manager_id)
  WHERE ended_on IS NULL;

CREATE TABLE registry_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enrollment_id uuid NOT NULL REFERENCES registry_enrollments(enrollment_id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  care_manager_id uuid NOT NULL REFERENCES users(id),
  mode text NOT NULL CHECK (mode IN ('phone', 'video', 'in_person', 'message')),
  outcome text NOT NULL CHECK (outcome IN (
    'reached', 'left_message', 'no_answer', 'rescheduled')),
  contacted_at timestamptz NOT NULL,
  -- The care-management ledger row holding this contact's minutes (null for a
  -- video contact whose minutes come from its call's events).
  ledger_entry_id uuid REFERENCES time_ledger_entries(id),
  call_id uuid REFERENCES calls(id),
  next_contact_on date,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX registry_contacts_patient ON registry_contacts(patient_id, contacted_at);

CREATE TABLE registry_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  enrollment_id uuid NOT NULL REFERENCES registry_enrollments(enrollment_id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  practice_id uuid NOT NULL REFERENCES practices(id),
  consultant_id uuid NOT NULL REFERENCES users(id),
  pcp_id uuid NOT NULL REFERENCES users(id),
  recommendation text NOT NULL CHECK (recommendation IN (
    'medication_change', 'dose_change', 'diagnosis_question', 'refer', 'continue')),
  note text NOT NULL,
  reviewed_at timestamptz NOT NULL,
  ledger_entry_id uuid NOT NULL REFERENCES time_ledger_entries(id),
  -- The PCP's task: pending until accepted or declined.
  task_status text NOT NULL DEFAULT 'pending' CHECK (task_status IN (
    'pending', 'accepted', 'declined')),
  decided_at timestamptz,
  decided_by uuid REFERENCES users(id),
  CHECK ((task_status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX registry_reviews_patient ON registry_reviews(patient_id, reviewed_at);
CREATE INDEX registry_reviews_pcp_task ON registry_reviews(pcp_id)
  WHERE task_status = 'pending';

-- The registry sums this month's care-management rows of a whole program at
-- once: a range over the month, among care-management rows only.
CREATE INDEX time_ledger_entries_care_month ON time_ledger_entries(started_at)
  WHERE activity = 'care_management';

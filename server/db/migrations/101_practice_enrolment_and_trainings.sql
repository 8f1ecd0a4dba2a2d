-- What a program reports on: when each practice was enrolled (and withdrew),
-- whether it is rural and on what basis, the trainings it gave and who came,
-- and the federal report files it produced (kept byte for byte).

ALTER TABLE practices
  ADD COLUMN address text NOT NULL DEFAULT '',
  ADD COLUMN rural boolean NOT NULL DEFAULT false,
  -- Why the flag is what it is, e.g. 'RUCA 7.2' or 'FORHP eligible ZIP'.
  ADD COLUMN rural_basis text NOT NULL DEFAULT '',
  ADD COLUMN enrolled_on date,
  ADD COLUMN withdrawn_on date;
UPDATE practices SET enrolled_on = (created_at AT TIME ZONE 'UTC')::date WHERE enrolled_on IS NULL;
ALTER TABLE practices
  ALTER COLUMN enrolled_on SET NOT NULL,
  ALTER COLUMN enrolled_on SET DEFAULT CURRENT_DATE,
  ADD CONSTRAINT practices_enrolment_order CHECK (withdrawn_on IS NULL OR withdrawn_on >= enrolled_on);

CREATE TABLE trainings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id uuid NOT NULL REFERENCES programs(id),
  held_on date NOT NULL,
  topic text NOT NULL CHECK (length(topic) > 0),
  format text NOT NULL CHECK (format IN ('in_person', 'live_virtual', 'recorded', 'hybrid')),
  presenter text NOT NULL,
  minutes integer NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
  cme_credits numeric(5, 2) NOT NULL DEFAULT 0 CHECK (cme_credits >= 0),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX trainings_program_held ON trainings(program_id, held_on);

CREATE TABLE training_attendees (
  training_id uuid NOT NULL REFERENCES trainings(id),
  user_id uuid NOT NULL REFERENCES users(id),
  PRIMARY KEY (training_id, user_id)
);

-- A federal report file as it was handed out: the same id gives the same bytes.
CREATE TABLE program_report_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program_id uuid NOT NULL REFERENCES programs(id),
  kind text NOT NULL CHECK (kind IN ('pmhca_csv')),
  period_from date NOT NULL,
  period_to date NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  body text NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX program_report_files_period ON program_report_files(program_id, kind, period_from, period_to, created_at);
CREATE TRIGGER program_report_files_no_change BEFORE UPDATE OR DELETE ON program_report_files
  FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();

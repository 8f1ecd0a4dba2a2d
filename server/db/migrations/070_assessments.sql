-- Screening assessments: patient-level (not tied to a consult), scored by the
-- server from item answers. Append-only, enforced by a trigger rather than by
-- convention: a correction is a new row that supersedes the one it corrects,
-- with who and why, so what a clinician saw when they acted stays readable.

CREATE TABLE assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients(id),
  instrument text NOT NULL,
  instrument_version text NOT NULL,
  answered_by text NOT NULL CHECK (answered_by IN ('patient', 'guardian', 'clinician')),
  -- The signed-in user who entered the answers; NULL when the patient or
  -- guardian answered through a self-report link.
  entered_by uuid REFERENCES users(id),
  -- The clinician who asked for it (the entering clinician, or the sender of
  -- the link): safety alerts go to them.
  ordered_by uuid NOT NULL REFERENCES users(id),
  answered_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  age_years integer NOT NULL CHECK (age_years BETWEEN 0 AND 130),
  age_override_reason text,
  -- Option positions as answered (null = blank) and their points after
  -- reverse scoring.
  answers jsonb NOT NULL,
  item_values jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('scored', 'invalid')),
  total integer,
  band_id text,
  band_label text,
  subscales jsonb NOT NULL DEFAULT '[]',
  positive_screens jsonb NOT NULL DEFAULT '[]',
  flags jsonb NOT NULL DEFAULT '[]',
  invalid_reason text,
  supersedes uuid REFERENCES assessments(id),
  correction_reason text,
  CHECK ((status = 'scored') = (total IS NOT NULL AND band_id IS NOT NULL)),
  CHECK ((status = 'invalid') = (invalid_reason IS NOT NULL)),
  CHECK (supersedes IS NULL OR length(correction_reason) > 0),
  CHECK (entered_by IS NOT NULL OR answered_by <> 'clinician')
);
-- A row is corrected once; to change it again, correct the correction.
CREATE UNIQUE INDEX assessments_supersedes ON assessments(supersedes) WHERE supersedes IS NOT NULL;
CREATE INDEX assessments_patient ON assessments(patient_id, answered_at DESC);

CREATE FUNCTION screening_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER assessments_no_change BEFORE UPDATE OR DELETE ON assessments
  FOR EACH ROW EXECUTE FUNCTION screening_append_only();

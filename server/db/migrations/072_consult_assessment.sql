-- A consult request attaches a stored assessment instead of typed scores.
-- The old `screening` column stays for requests made before this.
ALTER TABLE consults ADD COLUMN assessment_id uuid REFERENCES assessments(id);

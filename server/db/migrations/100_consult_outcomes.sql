-- The coded outcome of a consult (disposition and diagnosis categories), written
-- on the report draft and copied onto the consult when it completes, and the
-- requesting PCP's optional feedback on the report. Codes are checked against
-- the program's lists (base + its extensions in programs.settings) by the
-- server; the database only keeps them well-formed.

ALTER TABLE consult_reports
  ADD COLUMN disposition text CHECK (disposition ~ '^[a-z][a-z0-9_]{1,39}$'),
  ADD COLUMN diagnosis_categories text[] NOT NULL DEFAULT '{}';

ALTER TABLE consults
  ADD COLUMN disposition text CHECK (disposition ~ '^[a-z][a-z0-9_]{1,39}$'),
  ADD COLUMN diagnosis_categories text[] NOT NULL DEFAULT '{}';
-- KPI periods read completed consults of a program by creation time.
CREATE INDEX consults_program_created ON consults(program_id, created_at);

CREATE TABLE consult_feedback (
  consult_id uuid PRIMARY KEY REFERENCES consults(id),
  pcp_id uuid NOT NULL REFERENCES users(id),
  useful boolean NOT NULL,
  would_have_referred_out boolean,
  comment text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL
);

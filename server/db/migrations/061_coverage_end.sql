-- A coverage can be ended (a mistaken entry, a change of payer): from its
-- end date the default rule table applies.
ALTER TABLE patient_coverages ADD COLUMN end_date date;
ALTER TABLE patient_coverages ADD COLUMN ended_by uuid REFERENCES users(id);

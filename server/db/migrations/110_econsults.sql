-- Written eConsults: a consult type that never rings. It waits in a pool
-- ('pooled') until an eligible psychiatrist claims it ('claimed'); while the
-- psychiatrist waits on the PCP's answer to a clarification it is
-- 'awaiting_pcp' (the reply clock is paused); the signed report completes it.
ALTER TABLE consults DROP CONSTRAINT consults_status_check;
ALTER TABLE consults ADD CONSTRAINT consults_status_check CHECK (status IN (
  'requested', 'triage', 'queued', 'offered', 'accepted', 'in_call', 'wrap_up',
  'completed', 'cancelled', 'expired', 'pooled', 'claimed', 'awaiting_pcp'));
ALTER TABLE consults DROP CONSTRAINT consults_consult_type_check;
ALTER TABLE consults ADD CONSTRAINT consults_consult_type_check CHECK (
  consult_type IN ('clinician_consult', 'direct_evaluation', 'resource_referral', 'econsult'));

-- The psychiatrist the PCP asked for (one who saw the patient before): only
-- they may claim it.
ALTER TABLE consults ADD COLUMN named_psychiatrist_id uuid REFERENCES users(id);
-- The reply clock: seconds spent waiting on the PCP, and since when it waits now.
ALTER TABLE consults ADD COLUMN reply_paused_seconds integer NOT NULL DEFAULT 0;
ALTER TABLE consults ADD COLUMN awaiting_pcp_since timestamptz;
-- Set once, by the conditional UPDATE that alerts the coordinators.
ALTER TABLE consults ADD COLUMN reply_overdue_at timestamptz;
-- A live consult or direct evaluation made from an eConsult points back to it.
ALTER TABLE consults ADD COLUMN converted_from uuid REFERENCES consults(id);
ALTER TABLE consults ADD CONSTRAINT consults_econsult_claimed_named CHECK (
  status NOT IN ('claimed', 'awaiting_pcp') OR assigned_psychiatrist_id IS NOT NULL);
-- One conversion per eConsult: a double click makes one consult.
CREATE UNIQUE INDEX consults_one_conversion ON consults(converted_from)
  WHERE converted_from IS NOT NULL;
-- The sweeper's scan: eConsults still waiting on a claim or a reply.
CREATE INDEX consults_econsult_open ON consults(program_id, queued_at)
  WHERE status IN ('pooled', 'claimed');

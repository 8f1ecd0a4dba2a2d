import { randomUUID } from 'node:crypto';
import { loadConsultFacts } from '../../server/billing/billing-facts-repository';
import {
  consultIdsOfPatient,
  consultIdsToRecode,
} from '../../server/billing/billing-scope-repository';
import type { Database } from '../../server/db/database';
import { runStatement } from '../../server/db/statement';
import { careContactConsultInsert } from '../../server/registry/video-contact-repository';
import { seedDemo } from '../../server/seed';
import { acceptedConsult, userIdByEmail } from '../support/consult-fixtures';
import { STORE_KINDS, openTestDatabase } from '../support/databases';

/**
 * A care manager's video contact is a consult on the `care_management`
 * line only to run its call: the billing engine never picks it up to code
 * (no 99446-99452 can be drafted from it), while the patient's psychiatry
 * consult beside it is still recoded, on both stores.
 */
describe.each(STORE_KINDS)(
  'the care_management line in billing on %s',
  (kind) => {
    let db: Database;
    beforeAll(async () => {
      db = await openTestDatabase(kind);
      await seedDemo(db);
    }, 120_000);
    afterAll(() => db.close());

    it('is skipped by consultIdsOfPatient, consultIdsToRecode and loadConsultFacts', async () => {
      const psychiatry = await acceptedConsult(db);
      const { rows: who } = await db.query<{
        programId: string;
        practiceId: string;
      }>(
        'SELECT program_id AS "programId", practice_id AS "practiceId" FROM patients p JOIN practices r ON r.id = p.practice_id WHERE p.id = $1',
        [psychiatry.patientId],
      );
      const care = randomUUID();
      const now = new Date();
      await runStatement(
        db,
        careContactConsultInsert({
          id: care,
          programId: who[0]!.programId,
          practiceId: who[0]!.practiceId,
          patientId: psychiatry.patientId,
          careManagerId: await userIdByEmail(db, 'care.manager@demo.test'),
          now,
        }),
      );
      const { rows } = await db.query<{ line: string; status: string }>(
        'SELECT line, status FROM consults WHERE id = $1',
        [care],
      );
      expect(rows[0]).toEqual({ line: 'care_management', status: 'accepted' });

      const ofPatient = await consultIdsOfPatient(db, psychiatry.patientId);
      expect(ofPatient).toContain(psychiatry.consultId);
      expect(ofPatient).not.toContain(care);

      const toRecode = await consultIdsToRecode(db, who[0]!.programId, {
        requestedFrom: new Date(now.getTime() - 86_400_000),
        requestedTo: new Date(now.getTime() + 86_400_000),
        serviceFrom: '2000-01-01',
        serviceTo: '2100-01-01',
      });
      expect(toRecode).toContain(psychiatry.consultId);
      expect(toRecode).not.toContain(care);

      expect(await loadConsultFacts(db, care, now)).toBeNull();
      expect(
        await loadConsultFacts(db, psychiatry.consultId, now),
      ).not.toBeNull();
    });

    it('refuses a psychiatrist on a care contact, and a psychiatry consult past acceptance without one', async () => {
      const c = await acceptedConsult(db);
      await expect(
        db.query(`UPDATE consults SET line = 'care_management' WHERE id = $1`, [
          c.consultId,
        ]),
      ).rejects.toThrow(/consults_care_contact_no_psychiatrist/);
      await expect(
        db.query(
          'UPDATE consults SET assigned_psychiatrist_id = NULL WHERE id = $1',
          [c.consultId],
        ),
      ).rejects.toThrow(/consults_accepted_names_psychiatrist/);
    });
  },
);

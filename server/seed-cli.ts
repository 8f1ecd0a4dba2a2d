import { loadConfig } from './config';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open-database';
import { seedDemo } from './seed';

/** `npm run seed`: the explicit way to put the demo program into a DATABASE_URL database. */
async function run(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config);
  await migrate(db);
  const { created } = await seedDemo(db);
  process.stdout.write(
    created
      ? 'Demo program seeded.\n'
      : 'Demo program already present; nothing changed.\n',
  );
  await db.close();
}

run().catch((err) => {
  process.stderr.write(
    `Seeding failed: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});

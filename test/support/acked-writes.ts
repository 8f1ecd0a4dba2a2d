import { api } from './test-server';

/**
 * Four writers creating patients until told to stop (at most `max` in all):
 * `acked` holds the id of every one the server answered 201 for. Writes
 * that got no answer (the server died under them) are not counted.
 */
export function writePatients(
  url: string,
  token: string,
  max = 3000,
): { acked: string[]; stop(): Promise<void> } {
  const acked: string[] = [];
  let stopped = false;
  let n = 0;
  const writer = async () => {
    while (!stopped && n < max) {
      const i = n++;
      const res = await api(url, 'POST', '/api/patients', {
        token,
        body: {
          givenName: 'Kill',
          familyName: `Write${i}`,
          birthDate: '2012-05-01',
          sex: 'male',
          state: 'MA',
        },
      }).catch(() => null);
      if (res?.status === 201) acked.push(res.body.id);
    }
  };
  const writers = Promise.all([writer(), writer(), writer(), writer()]);
  return {
    acked,
    async stop() {
      stopped = true;
      await writers;
    },
  };
}

/** Waits until `count` writes are acknowledged (at most `ms`). */
export async function untilAcked(
  acked: readonly string[],
  count: number,
  ms = 20_000,
): Promise<void> {
  const until = Date.now() + ms;
  while (acked.length < count && Date.now() < until)
    await new Promise((r) => setTimeout(r, 20));
}

/** The acknowledged patients the server does not have, with its answer. */
export async function missingPatients(
  url: string,
  token: string,
  ids: readonly string[],
): Promise<string[]> {
  const missing: string[] = [];
  for (const id of ids) {
    const res = await api(url, 'GET', `/api/patients/${id}`, { token });
    if (res.status !== 200) missing.push(`${id} -> ${res.status}`);
  }
  return missing;
}

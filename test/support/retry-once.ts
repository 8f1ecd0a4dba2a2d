import path from 'node:path';

// Browser tests drive real servers, Redis and Chromium on a shared 2-core
// machine, where a rare scheduling stall can break one: each gets one more
// try, its first failure still printed, and the summary reporter lists every
// test that passed only on its retry. Unit and integration tests never retry:
// a failure there is a bug to fix.
const testPath = expect.getState().testPath ?? '';
if (testPath.includes(`${path.sep}test${path.sep}e2e${path.sep}`))
  jest.retryTimes(1, { logErrorsBeforeRetry: true });

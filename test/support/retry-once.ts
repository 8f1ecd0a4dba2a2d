// Integration and browser tests run real servers, Redis and Chromium on a shared
// 2-core machine; a rare scheduling stall can break one. Each failing test gets one
// more try, and the first failure's errors are still printed so flakiness stays
// visible. A test that fails twice fails the run.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

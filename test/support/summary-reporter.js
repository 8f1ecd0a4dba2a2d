// Closing lines CI reads: the tests that passed only on their retry (with
// their first failure), then one plain line "tests: N passed, N failed, N
// skipped". Only browser tests may retry (test/support/retry-once.ts).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const retried = [];
    for (const file of results.testResults)
      for (const t of file.testResults)
        if (t.status === 'passed' && t.retryReasons?.length)
          retried.push({ file: file.testFilePath, t });
    const out = [''];
    for (const { file, t } of retried) {
      const first = String(t.retryReasons[0])
        .split('\n')
        .filter((l) => l.trim() && !/^\s+at /.test(l))
        .slice(0, 4);
      out.push(
        `passed only on retry: ${relative(file)} › ${t.fullName}`,
        ...first.map((l) => `    first failure: ${l}`),
      );
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    out.push(
      `retried: ${retried.length} test(s) passed only on their retry`,
      `tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped`,
      '',
    );
    process.stdout.write(out.join('\n'));
  }
}

function relative(file) {
  return require('node:path').relative(process.cwd(), file);
}

module.exports = SummaryReporter;

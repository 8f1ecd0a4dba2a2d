import { Writable } from 'node:stream';

/** A log destination that keeps every line, for tests that read the log. */
export function logCapture(): { stream: Writable; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => lines.join('') };
}

/** The values in `sent` that appear anywhere in `log`. */
export function leakedValues(log: string, sent: readonly string[]): string[] {
  return sent.filter((v) => log.includes(v));
}

import { Writable } from 'node:stream';
import { createLogger } from '../../server/logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger('info', stream), text: () => lines.join('') };
}

describe('log redaction of patient data', () => {
  const patient = {
    givenName: 'Maya',
    familyName: 'Rivera',
    birthDate: '2011-04-02',
    phone: '+16175550123',
    clinicalQuestion: 'Teen with suicidal ideation since March',
  };

  it.each([
    ['top level', patient],
    ['nested once', { patient }],
    ['nested twice', { consult: { patient } }],
    ['nested three times', { req: { body: { patient } } }],
  ])('redacts names, DOB, phone and free text (%s)', (_label, obj) => {
    const { logger, text } = capture();
    logger.info(obj, 'something happened');
    const out = text();
    expect(out).toContain('something happened');
    for (const secret of [
      'Maya',
      'Rivera',
      '2011-04-02',
      '6175550123',
      'suicidal',
    ])
      expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });

  it('keeps identifiers and codes that are not patient data', () => {
    const { logger, text } = capture();
    logger.info(
      { consultId: 'c-123', status: 'queued', code: 'validation_failed' },
      'ok',
    );
    expect(text()).toContain('c-123');
    expect(text()).toContain('queued');
  });

  it('redacts credentials in headers, and keeps the rest of the line', () => {
    const { logger, text } = capture();
    logger.info(
      {
        req: {
          headers: {
            authorization: 'Bearer abc.def.ghi',
            cookie: 'sid=1',
            'x-twilio-signature': 'c2lnbmF0dXJl',
            'user-agent': 'jest-probe/1.0',
          },
        },
      },
      'r',
    );
    const out = text();
    expect(out).not.toContain('abc.def.ghi');
    expect(out).not.toContain('sid=1');
    expect(out).not.toContain('c2lnbmF0dXJl');
    // The line is written, each credential replaced in place, the others kept:
    // a logger that dropped the line or the headers would pass the checks above.
    const line = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(line.msg).toBe('r');
    expect(line.req.headers).toEqual({
      authorization: '[redacted]',
      cookie: '[redacted]',
      'x-twilio-signature': '[redacted]',
      'user-agent': 'jest-probe/1.0',
    });
  });
});

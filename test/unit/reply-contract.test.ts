import { z } from 'zod';
import type { AppError } from '../../server/errors';
import { checkReply } from '../../server/http/reply-contract';
import { Reply, route } from '../../server/http/route';

const declared = route({
  method: 'get',
  path: '/api/things/:thingId',
  summary: 'a thing',
  tag: 'test',
  access: { public: true, reason: 'test' },
  responses: {
    200: {
      description: 'the thing',
      schema: z.object({ id: z.string(), at: z.string() }),
    },
    201: { description: 'made', schema: z.object({ id: z.string() }) },
  },
  handler: () => null,
});

function refusal(result: unknown): AppError | null {
  try {
    checkReply(declared, result);
    return null;
  } catch (e) {
    return e as AppError;
  }
}

describe('reply contract (the OpenAPI schemas hold for what routes send)', () => {
  it.each([
    ['a plain value as declared', { id: 'a', at: 'x' }],
    ['a Date, compared as its JSON string', { id: 'a', at: new Date(0) }],
    ['a Reply with its status', Reply.created({ id: 'a' })],
    ['a status with no declared schema', Reply.noContent()],
    ['a non-JSON reply', Reply.text('a,b', 'text/csv')],
  ])('accepts %s', (_, result) => {
    expect(refusal(result)).toBeNull();
  });

  it.each([
    ['a missing field', { id: 'a' }, 'at: invalid_type'],
    ['a wrong type', { id: 1, at: 'x' }, 'id: invalid_type'],
    ['a Reply whose body breaks its status', Reply.created({}), 'id:'],
  ])('refuses %s, naming the path', (_, result, path) => {
    const e = refusal(result);
    expect(e?.code).toBe('reply_contract');
    expect(e?.kind).toBe('internal');
    expect(e?.message).toContain(path);
  });

  it('never puts the values it saw in the message (they may be PHI)', () => {
    const e = refusal({ id: 42, at: 'Carmen Martinez 2009-09-17' });
    expect(e?.message).not.toContain('Carmen');
    expect(e?.message).not.toContain('42');
  });
});

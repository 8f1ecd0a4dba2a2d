import { z } from 'zod';
import { installPlainZodMessages } from '../../server/http/plain-zod-messages';

beforeAll(installPlainZodMessages);

const messageOf = (schema: z.ZodType, input: unknown) =>
  schema.safeParse(input).error?.issues.map((i) => i.message);

describe('plain field messages (what a clinician reads for a wrong field)', () => {
  it.each([
    [
      'an id that is not a uuid',
      z.uuid(),
      'Maria',
      'must be chosen from the list (it is not a known id)',
    ],
    ['a missing string', z.string(), undefined, 'is required'],
    ['a string of the wrong type', z.string(), 3, 'must be a string'],
    ['a list of the wrong type', z.array(z.string()), 'a', 'must be a list'],
    ['an empty required string', z.string().min(1), '', 'is required'],
    [
      'a short string',
      z.string().min(3),
      'ab',
      'must be at least 3 characters',
    ],
    ['a long string', z.string().max(2), 'abc', 'must be at most 2 characters'],
    [
      'an empty list',
      z.array(z.string()).min(1),
      [],
      'needs at least one choice',
    ],
    ['a number over its maximum', z.number().max(5), 9, 'must be at most 5'],
    [
      'an unknown option',
      z.enum(['video', 'phone']),
      'fax',
      'must be one of: video, phone',
    ],
    ['an email', z.email(), 'no', 'must be an email address'],
  ])('%s', (_, schema, input, sentence) => {
    expect(messageOf(schema, input)).toEqual([sentence]);
  });

  it('names an unknown field without its value', () => {
    expect(messageOf(z.object({}).strict(), { dob: '2009-09-17' })).toEqual([
      'is a field this form does not take: dob',
    ]);
  });

  it("keeps a schema's own message", () => {
    expect(messageOf(z.uuid('must be the id of a patient'), 'x')).toEqual([
      'must be the id of a patient',
    ]);
  });

  it('never repeats the input (it may be patient data)', () => {
    const all = [
      ...messageOf(z.uuid(), 'Carmen Martinez')!,
      ...messageOf(z.enum(['a']), 'Carmen Martinez')!,
      ...messageOf(z.number(), 'Carmen Martinez')!,
    ];
    for (const m of all) expect(m).not.toContain('Carmen');
  });
});

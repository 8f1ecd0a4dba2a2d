import { isStoreUnavailable } from '../../server/db/store-unavailable';

const err = (message: string, fields: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), fields);

describe('isStoreUnavailable', () => {
  it.each([
    ['refused', err('connect ECONNREFUSED', { code: 'ECONNREFUSED' }), true],
    ['reset', err('read ECONNRESET', { code: 'ECONNRESET' }), true],
    ['pg dropped', err('Connection terminated unexpectedly'), true],
    ['admin shutdown', err('terminating', { code: '57P01' }), true],
    [
      'starting up',
      err('the database system is starting up', { code: '57P03' }),
      true,
    ],
    ['connection failure', err('x', { code: '08006' }), true],
    [
      'wrapped',
      err('outer', { cause: err('y', { code: 'ECONNREFUSED' }) }),
      true,
    ],
    ['unique violation', err('duplicate key', { code: '23505' }), false],
    ['syntax error', err('syntax', { code: '42601' }), false],
    ['a bug', new TypeError('x is undefined'), false],
    ['not an error', 'ECONNREFUSED', false],
  ])('%s', (_label, e, expected) => {
    expect(isStoreUnavailable(e)).toBe(expected);
  });
});

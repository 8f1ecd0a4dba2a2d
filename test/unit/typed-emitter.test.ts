import { TypedEmitter } from '../../server/events/typed-emitter';
import { httpStatusOf } from '../../server/http/error-status';
import {
  conflict,
  forbidden,
  IllegalTransitionError,
} from '../../server/errors';

type Events = { moved: [id: string, to: string] };

describe('TypedEmitter', () => {
  it('stops calling a listener once its unsubscribe has run', () => {
    const e = new TypedEmitter<Events>();
    const heard: string[] = [];
    const off = e.on('moved', (id, to) => heard.push(`${id}:${to}`));
    e.emit('moved', 'a', 'queued');
    off();
    e.emit('moved', 'b', 'offered');
    expect(heard).toEqual(['a:queued']);
  });

  it('reports a throwing listener and still calls the others', () => {
    const reported: unknown[] = [];
    const e = new TypedEmitter<Events>((err, event, args) =>
      reported.push([String(event), args, (err as Error).message]),
    );
    const heard: string[] = [];
    e.on('moved', () => {
      throw new Error('boom');
    });
    e.on('moved', (id) => heard.push(id));
    e.emit('moved', 'c', 'accepted');
    expect(heard).toEqual(['c']);
    expect(reported).toEqual([['moved', ['c', 'accepted'], 'boom']]);
  });
});

describe('HTTP status of a domain error, chosen at the edge', () => {
  it.each([
    [forbidden(), 403],
    [conflict('x', 'X.'), 409],
    [new IllegalTransitionError('consult', 'completed', 'queued'), 409],
  ])('%s -> %i', (err, status) => {
    expect(httpStatusOf(err)).toBe(status);
  });
});

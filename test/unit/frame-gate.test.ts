import { EventEmitter } from 'node:events';
import type { FloodVerdict } from '../../signaling/flood-guard';
import { ackIdOf, eventNameOf, gateFrames } from '../../signaling/frame-gate';

/** A connection with socket.io's decoder stand-in, gated by given verdicts. */
function gated(verdicts: FloodVerdict[]) {
  const conn = new EventEmitter();
  const decoded: unknown[] = [];
  const warned: string[] = [];
  let cuts = 0;
  conn.on('data', (d: unknown) => decoded.push(d));
  gateFrames(conn, () => verdicts.shift() ?? 'pass', {
    warn: (f) => warned.push(f),
    cut: () => cuts++,
  });
  return { conn, decoded, warned, cuts: () => cuts };
}

describe('frame gate (flood guard before decoding)', () => {
  it.each([
    ['2["queue:board",{}]', null, 'queue:board'],
    ['217["call:join",{"callId":"x"}]', 17, 'call:join'],
    ['51-3["media:blob",{"_placeholder":true,"num":0}]', 3, 'media:blob'],
    ['2/admin,4["x",1]', 4, 'x'],
    ['3["ack-from-client"]', null, 'ack-from-client'],
  ])('reads %s: ack id %p, event %p', (frame, id, event) => {
    if (frame.startsWith('3')) expect(ackIdOf(frame)).toBeNull();
    else expect(ackIdOf(frame)).toBe(id);
    expect(eventNameOf(frame)).toBe(event);
  });

  it('passes, drops (with a binary event its attachments), warns, cuts', () => {
    const g = gated(['pass', 'drop', 'warn', 'drop', 'disconnect']);
    const bin = Buffer.from('a');
    g.conn.emit('data', '2["a",1]'); // pass
    g.conn.emit('data', '51-["b",{"_placeholder":true,"num":0}]'); // drop
    g.conn.emit('data', bin); // its attachment: dropped too
    g.conn.emit('data', '3["ack"]'); // not an event: never gated
    g.conn.emit('data', '21["c",2]'); // warn
    g.conn.emit('data', '2["d"]'); // drop
    g.conn.emit('data', '2["e"]'); // disconnect
    g.conn.emit('data', '2["f"]'); // after the cut: ignored
    g.conn.emit('data', '1'); // even a non-event
    expect(g.decoded).toEqual(['2["a",1]', '3["ack"]']);
    expect(g.warned).toEqual(['21["c",2]']);
    expect(g.cuts()).toBe(1);
  });

  it('gates a connection once, however many sockets it carries', () => {
    const g = gated(['pass', 'drop']);
    gateFrames(g.conn, () => 'disconnect', { warn: () => {}, cut: () => {} });
    g.conn.emit('data', '2["a"]');
    expect(g.decoded).toEqual(['2["a"]']);
    expect(g.cuts()).toBe(0);
  });
});

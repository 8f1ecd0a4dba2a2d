import type { EventEmitter } from 'node:events';
import type { FloodVerdict } from './flood-guard';

/** What the gate does with a frame over budget (see gateFrames). */
export interface FrameGateHandlers {
  /** The sender's warning, for this frame (at most one per warning period). */
  warn(frame: string): void;
  /** Over budget after warnings: called once, then every frame is ignored. */
  cut(): void;
}

// A socket.io event frame: 2 (event) or 5 (binary event, "<n>-" attachments
// after the type), an optional "/nsp," and an optional ack id, then the
// JSON array (socket.io-parser's encoding).
const EVENT_FRAME = /^[25](?:(\d+)-)?(?:\/[^,]*,)?(\d*)\[/;

/** The ack id a request frame carries, or null (a plain event). */
export function ackIdOf(frame: string): number | null {
  const id = EVENT_FRAME.exec(frame)?.[2];
  return id ? Number(id) : null;
}

/** The event name at the head of a frame, at most 60 characters. */
export function eventNameOf(frame: string): string {
  return /^[^[]*\["((?:[^"\\]|\\.){0,60})/.exec(frame)?.[1] ?? '';
}

const gated = new WeakSet<EventEmitter>();

/**
 * The flood guard, applied to a connection's raw event frames before
 * socket.io decodes them: a dropped frame costs a test of its first bytes,
 * not a JSON parse, an ack closure and a middleware run (bench:abuse). Every
 * frame that is not an event (acks, connects, disconnects) goes through
 * untouched; the attachments of a dropped binary event are dropped with it,
 * so the decoder never sees half a packet. `conn` is socket.io's engine
 * connection; socket.io's own listener is moved behind this one.
 */
export function gateFrames(
  conn: EventEmitter,
  admit: () => FloodVerdict,
  on: FrameGateHandlers,
): void {
  // One gate per connection (a second namespace on it shares the budget).
  if (gated.has(conn)) return;
  gated.add(conn);
  const decoders = conn.listeners('data') as ((data: unknown) => void)[];
  conn.removeAllListeners('data');
  const forward = (data: unknown) => {
    for (const decode of decoders) decode.call(conn, data);
  };
  let cut = false;
  let attachmentsToDrop = 0;
  conn.on('data', (data: unknown) => {
    if (cut) return;
    if (typeof data !== 'string') {
      if (attachmentsToDrop > 0) attachmentsToDrop--;
      else forward(data);
      return;
    }
    const head = EVENT_FRAME.exec(data);
    if (!head) return forward(data);
    const verdict = admit();
    if (verdict === 'pass') return forward(data);
    attachmentsToDrop = Number(head[1] ?? 0);
    if (verdict === 'warn') return on.warn(data);
    if (verdict === 'disconnect') {
      cut = true;
      on.cut();
    }
  });
}

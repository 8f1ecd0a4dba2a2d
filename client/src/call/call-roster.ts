import type { CallParticipant } from '../../../signaling/protocol/call-events';
import type { EmitCallEvent, RemoteParticipant } from './call-engine-types';

/**
 * The other people in the call as this page sees them: who they are, their
 * stream and connection state. Every change is told to the engine's
 * listeners.
 */
export class CallRoster {
  private readonly people = new Map<string, RemoteParticipant>();

  constructor(private readonly emit: EmitCallEvent) {}

  list(): RemoteParticipant[] {
    return [...this.people.values()];
  }

  ids(): string[] {
    return [...this.people.keys()];
  }

  info(id: string): CallParticipant | undefined {
    return this.people.get(id)?.info;
  }

  upsert(info: CallParticipant): void {
    const person = this.people.get(info.participantId) ?? {
      info,
      stream: null,
      connectionState: 'new' as const,
    };
    person.info = info;
    this.people.set(info.participantId, person);
    this.emit('participant', person);
  }

  remove(id: string): void {
    if (this.people.delete(id)) this.emit('participant-left', id);
  }

  /** Their connection was closed: no stream until a new one brings tracks. */
  forgetMedia(id: string): void {
    const person = this.people.get(id);
    if (person) {
      person.stream = null;
      person.connectionState = 'new';
    }
  }

  setStream(id: string, stream: MediaStream | null): void {
    const person = this.people.get(id);
    if (!person) return;
    person.stream = stream;
    if (stream) this.emit('remote-stream', id, stream);
    this.emit('participant', person);
  }

  setConnectionState(id: string, state: RTCPeerConnectionState): void {
    const person = this.people.get(id);
    if (!person) return;
    person.connectionState = state;
    this.emit('participant', person);
  }

  /** On an SFU one connection carries everyone: its state is everyone's. */
  setEveryoneConnectionState(state: RTCPeerConnectionState): void {
    for (const person of this.people.values()) {
      person.connectionState = state;
      this.emit('participant', person);
    }
  }
}

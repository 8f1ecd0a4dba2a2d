import { io, type Socket } from 'socket.io-client';
import {
  serverPushes,
  type PushData,
  type PushEvent,
} from '../../../signaling/protocol/pushes';
import type { AckResult } from '../../../signaling/protocol/envelope';
import { accessToken, endSession, refreshTokens } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { errorFromAck } from '../api/error-sentences';

export type LiveState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

type StateListener = (s: LiveState) => void;

/**
 * The signed-in clinician's one socket to the server. It authenticates with the
 * current access token on every (re)connect, refreshes the token when the server
 * says it expired, and signs out when the session was revoked elsewhere.
 */
export class LiveConnection {
  readonly socket: Socket;
  private state: LiveState = 'connecting';
  private readonly stateListeners = new Set<StateListener>();
  private closed = false;

  constructor() {
    this.socket = io({
      transports: ['websocket'],
      // Called on every connection attempt, so a reconnect always carries a fresh token.
      auth: (cb) => void accessToken().then((token) => cb({ token })),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket.on('connect', () => this.setState('connected'));
    this.socket.on('disconnect', (reason) => {
      if (this.closed) return;
      this.setState('reconnecting');
      // The server closed us on purpose (session ended): socket.io will not retry by itself.
      if (reason === 'io server disconnect')
        void this.reconnectWithFreshToken();
    });
    this.socket.io.on('reconnect_attempt', () => this.setState('reconnecting'));
    this.socket.on(
      'connect_error',
      (err: Error & { data?: { code?: string } }) => {
        const code = err.data?.code;
        if (code === 'token_expired') void this.reconnectWithFreshToken();
        else if (
          code === 'token_revoked' ||
          code === 'token_invalid' ||
          code === 'unauthenticated'
        )
          this.signOut('You were signed out. Please sign in again.');
        else this.setState('offline');
      },
    );
    this.socket.on('session:ended', (raw: unknown) => {
      const parsed = serverPushes['session:ended'].safeParse(raw);
      const reason = parsed.success ? parsed.data.reason : 'revoked';
      if (reason === 'expired') void this.reconnectWithFreshToken();
      else
        this.signOut(
          reason === 'logout'
            ? null
            : 'Your session was ended from another place. Please sign in again.',
        );
    });
  }

  get current(): LiveState {
    return this.state;
  }

  onState(l: StateListener): () => void {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  }

  /** Sends a request event and resolves with its data, or throws an ApiError with a readable sentence. */
  async request<T>(
    event: string,
    payload: unknown,
    timeoutMs = 8000,
  ): Promise<T> {
    let result: AckResult<T>;
    try {
      result = (await this.socket
        .timeout(timeoutMs)
        .emitWithAck(event, payload)) as AckResult<T>;
    } catch {
      throw new ApiError(
        0,
        'live_timeout',
        'The server did not answer in time. Check your connection and try again.',
      );
    }
    if (!result.ok) throw errorFromAck(result.error);
    return result.data;
  }

  /** Subscribes to a server push, validated with its schema from the wire contract; malformed payloads are dropped. */
  on<E extends PushEvent>(
    event: E,
    handler: (payload: PushData<E>) => void,
  ): () => void {
    const schema = serverPushes[event];
    const listener = (raw: unknown) => {
      const parsed = schema.safeParse(raw);
      if (parsed.success) handler(parsed.data as PushData<E>);
      else console.warn(`dropped malformed "${event}" event`);
    };
    this.socket.on(event as string, listener);
    return () => void this.socket.off(event as string, listener);
  }

  close(): void {
    this.closed = true;
    this.socket.close();
    this.setState('offline');
  }

  private async reconnectWithFreshToken(): Promise<void> {
    this.setState('reconnecting');
    if (!(await refreshTokens()))
      return this.signOut('Your session has ended. Please sign in again.');
    if (!this.closed && !this.socket.connected) this.socket.connect();
  }

  private signOut(message: string | null): void {
    this.close();
    endSession(message);
  }

  private setState(s: LiveState): void {
    if (this.state === s) return;
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }
}

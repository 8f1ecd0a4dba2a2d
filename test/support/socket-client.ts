import { io, type Socket } from 'socket.io-client';

/** A real socket.io client connected to a test server, websocket only (as browsers in production). */
export function connectSocket(
  baseUrl: string,
  token: string | undefined,
  opts: { origin?: string; reconnection?: boolean } = {},
): Socket {
  return io(baseUrl, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnection: opts.reconnection ?? false,
    forceNew: true,
    extraHeaders: opts.origin ? { origin: opts.origin } : undefined,
  });
}

export function connected(socket: Socket, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    const t = setTimeout(
      () => reject(new Error('socket did not connect')),
      timeoutMs,
    );
    // A wait nobody ends must not keep a jest worker alive (see nextEvent).
    t.unref();
    socket.once('connect', () => {
      clearTimeout(t);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(t);
      reject(err);
    });
  });
}

/** Resolves with the connect_error the server sent (its data carries our error code). */
export function refused(
  socket: Socket,
  timeoutMs = 5000,
): Promise<Error & { data?: { code: string }; description?: unknown }> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(
      () => reject(new Error('socket was not refused')),
      timeoutMs,
    );
    t.unref();
    socket.once('connect', () => {
      clearTimeout(t);
      reject(new Error('socket connected but should have been refused'));
    });
    socket.once('connect_error', (err) => {
      clearTimeout(t);
      resolve(err as Error & { data?: { code: string } });
    });
  });
}

export function nextEvent<T = any>(
  socket: Socket,
  event: string,
  timeoutMs = 5000,
  filter: (p: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    // A wait a test started but never ended (its event never came, or the
    // test failed first) must not hold the jest worker for timeoutMs after
    // the run ("failed to exit gracefully"): the test's own timeout keeps the
    // process alive while it does wait.
    t.unref();
    const handler = (payload: T) => {
      if (!filter(payload)) return;
      clearTimeout(t);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

/** emit with ack, as the client does for every request. */
export function request<T = any>(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs = 5000,
): Promise<
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; details?: unknown } }
> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload);
}

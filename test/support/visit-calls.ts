import type { Socket } from 'socket.io-client';
import type { RunningServer } from '../../server/main';
import type { CallJoinResult } from '../../signaling/protocol/call-events';
import { connectSocket, connected, request } from './socket-client';
import { api, login } from './test-server';
import type { VisitSetup } from './visit-fixtures';

/** Someone (clinician or visitor token) joins the visit's call on a real socket. */
export async function joinVisitCall(
  server: RunningServer,
  token: string,
  visitId: string,
  peerSession: string,
): Promise<Socket> {
  const socket = connectSocket(server.url, token);
  await connected(socket);
  const joined = await request<CallJoinResult>(socket, 'call:join', {
    visitId,
    peerSession,
  });
  if (!joined.ok) throw new Error(`call:join failed: ${joined.error.code}`);
  return socket;
}

/**
 * The psychiatrist ends the visit and confirms its billing facts (signing in
 * again first: tests move server time past access-token lifetimes).
 */
export async function endAndAttest(
  server: RunningServer,
  v: VisitSetup,
  body: Record<string, unknown>,
): Promise<void> {
  v.psychiatrist = await login(server.url, 'psych.child@demo.test');
  const ended = await api(server.url, 'POST', `/api/visits/${v.visitId}/end`, {
    token: v.psychiatrist.token,
    body: {},
  });
  if (ended.status !== 200) throw new Error(`end failed: ${ended.status}`);
  const attested = await api(
    server.url,
    'POST',
    `/api/visits/${v.visitId}/billing-attestation`,
    { token: v.psychiatrist.token, body },
  );
  if (attested.status !== 201)
    throw new Error(
      `attestation failed: ${attested.status} ${JSON.stringify(attested.body)}`,
    );
}

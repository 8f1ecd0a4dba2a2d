import { AppError } from '../errors';
import { Reply, type RouteDefinition, StreamBody } from './route';

/**
 * Checks a JSON reply against the schema the route declares for its status
 * (the schema the OpenAPI document publishes). Turned on in tests, so every
 * integration and browser test also proves the document tells the truth; off
 * in production, where a drifted document must not cost a clinician a reply.
 *
 * The body is compared as the client receives it (after JSON encoding: dates
 * are strings). The error names the paths that differ, never their values,
 * which may be patient data.
 */
export function checkReply(def: RouteDefinition, result: unknown): void {
  if (!(result instanceof Reply)) return checkBody(def, 200, result ?? null);
  if (result.body instanceof StreamBody || result.contentType) return;
  checkBody(def, result.status, result.body);
}

function checkBody(def: RouteDefinition, status: number, body: unknown) {
  const schema = def.responses?.[status]?.schema;
  if (!schema || def.responses?.[status]?.contentType) return;
  const wire: unknown =
    body === undefined ? undefined : JSON.parse(JSON.stringify(body));
  const parsed = schema.safeParse(wire);
  if (parsed.success) return;
  const paths = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`);
  throw new AppError(
    'internal',
    'reply_contract',
    `${def.method.toUpperCase()} ${def.path} replied ${status} with a body ` +
      `its declared schema refuses: ${paths.join('; ')}`,
  );
}

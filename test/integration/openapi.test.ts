import type { RunningServer } from '../../server/main';
import { openApiPath } from '../../server/openapi/build-openapi';
import { api, startTestServer } from '../support/test-server';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route express will actually answer, read from its router stack. */
function expressRoutes(app: RunningServer['built']['app']): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route && typeof layer.route.path === 'string') {
        for (const m of Object.keys(layer.route.methods))
          if (m !== '_all') out.push(`${m} ${layer.route.path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return out;
}

describe('OpenAPI document', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('lists every route the server registers, with its roles', async () => {
    const res = await api(server.url, 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const registered = expressRoutes(server.built.app);
    expect(registered.length).toBeGreaterThan(8);
    const missing = registered.filter((r) => {
      const [method, path] = r.split(' ') as [string, string];
      return !res.body.paths[openApiPath(path)]?.[method];
    });
    expect(missing).toEqual([]);
    expect(
      res.body.paths['/api/patients/{patientId}'].get['x-roles'],
    ).toContain('pcp');
    expect(
      res.body.paths['/api/auth/login'].post.requestBody.content[
        'application/json'
      ].schema.properties.email,
    ).toBeDefined();
  });
});

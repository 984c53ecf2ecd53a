import { useTestApp } from './support/test-app.js';

describe('Foundation (e2e)', () => {
  const t = useTestApp();

  it('answers liveness and readiness', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
  });

  it('serves Swagger UI and an OpenAPI document with a bearer scheme', async () => {
    await t.http().get('/docs').expect(200);
    const doc = await t.http().get('/docs-json').expect(200);
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/health', '/auth/login', '/auth/token']));
  });

  it('echoes a safe request id and makes one otherwise', async () => {
    const echoed = await t.http().get('/health').set('X-Request-Id', 'abc-123');
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.http().get('/health').set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with a 404 in the error shape', async () => {
    const response = await t.http().get('/no/such/route').expect(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'not_found', message: expect.any(String) });
  });

  it('answers malformed JSON with a 400 in the error shape', async () => {
    const response = await t.http().post('/auth/login').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'bad_request' });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js/);
  });

  it('answers a 1 MB body with a 413', async () => {
    const body = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(1024 * 1024) });
    const response = await t.http().post('/auth/login').set('Content-Type', 'application/json').send(body).expect(413);
    expect(response.body).toEqual({ statusCode: 413, error: 'payload_too_large', message: expect.any(String) });
  });

  it('refuses text/plain on a JSON route with a 415', async () => {
    const response = await t.http().post('/auth/login').set('Content-Type', 'text/plain').send('hello').expect(415);
    expect(response.body.error).toBe('unsupported_media_type');
  });
});

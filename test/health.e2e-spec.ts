import { createServer, type Server, type Socket, connect } from 'node:net';
import { createTestApp, type TestApp } from './support/test-app.js';

/** A TCP relay to the test database that can be cut and restored, to play a database outage. */
function startRelay(target: URL): Promise<{ url: string; cut: () => void; restore: () => void; close: () => void }> {
  let up = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const url = new URL(target);
      url.hostname = '127.0.0.1';
      url.port = String((server.address() as { port: number }).port);
      resolve({
        url: url.toString(),
        cut: () => {
          up = false;
          for (const socket of sockets) socket.destroy();
        },
        restore: () => {
          up = true;
        },
        close: () => server.close(),
      });
    }),
  );
}

describe('Readiness (e2e)', () => {
  let t: TestApp;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    relay = await startRelay(new URL(process.env.DATABASE_URL!));
    t = await createTestApp({ DATABASE_URL: relay.url });
  });
  afterAll(async () => {
    relay.restore();
    await t.close();
    relay.close();
  });

  it('answers 503 while the database is unreachable and 200 again once it is back, without a restart', async () => {
    await t.http().get('/health/ready').expect(200);

    relay.cut();
    const down = await t.http().get('/health/ready').expect(503);
    expect(down.body).toMatchObject({ statusCode: 503, error: 'service_unavailable' });
    await t.http().get('/health').expect(200); // liveness does not depend on the database

    relay.restore();
    await t.http().get('/health/ready').expect(200);
  });
});

import Fastify from 'fastify';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { pinoOptions, requestLogOptions } from './pino-options.js';
import { RequestLogController } from './request-log.controller.js';

const SECRETS = ['eyJhbGciOiJFZERTQSJ9.access.sig', 'rt-secret-value', 'hunter2-password', 'session-cookie-value', 'magic-link-token'];

/** A pino destination that keeps every line written to it. */
function captured() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('application log (pinoOptions)', () => {
  it('redacts credentials wherever they are nested', () => {
    const { lines, stream } = captured();
    const logger = pino(pinoOptions('info'), stream);
    logger.info({
      req: { id: '1', method: 'POST', url: '/auth/login', headers: { authorization: `Bearer ${SECRETS[0]}`, cookie: SECRETS[3] } },
      body: { password: SECRETS[2], refreshToken: SECRETS[1] },
      result: { accessToken: SECRETS[0] },
    });
    expect(lines).toHaveLength(1);
    for (const secret of SECRETS) expect(lines[0]).not.toContain(secret);
    expect(lines[0]).toContain('[redacted]');
  });
});

describe('request log (requestLogOptions + RequestLogController)', () => {
  async function oneRequest(level: string, status: number) {
    const { lines, stream } = captured();
    const app = Fastify({ logger: { ...requestLogOptions(level), stream }, logController: new RequestLogController() });
    app.post('/auth/token', async (_request, reply) => reply.status(status).send({ ok: status < 400 }));
    // A real socket: Fastify's inject() needs a module that Jest's ESM runtime cannot load.
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${address}/auth/token?token=${SECRETS[4]}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRETS[0]}`, cookie: `sid=${SECRETS[3]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: SECRETS[1], password: SECRETS[2] }),
    });
    expect(response.status).toBe(status);
    await app.close();
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return parsed.filter((line) => !String(line.msg).startsWith('Server listening'));
  }

  it('writes one line per request with method, path, id and status, and nothing the client sent', async () => {
    const lines = await oneRequest('info', 200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request completed', method: 'POST', path: '/auth/token', statusCode: 200 });
    expect(lines[0]!.reqId).toEqual(expect.any(String));
    expect(lines[0]!.responseTime).toEqual(expect.any(Number));
    const text = JSON.stringify(lines[0]);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/authorization|cookie|refreshToken|password/i);
  });

  it('writes nothing for a completed request below its level', async () => {
    expect(await oneRequest('warn', 401)).toHaveLength(0);
  });
});

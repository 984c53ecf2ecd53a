import fc from 'fast-check';
import type { Response } from 'supertest';
import { login, registerUser, type TokenPairBody } from '../support/factories.js';
import { createTestApp } from '../support/test-app.js';
import { errorShapeProblem } from './support/error-shape.js';
import {
  fieldJson,
  garbageAuthorization,
  hostileHeaderValue,
  hostileJson,
  hostileKey,
  hostileString,
  objectText,
  percentEncode,
  REFRESH_TOKEN_PLACEHOLDER,
  type SchemaProperty,
} from './support/hostile-values.js';

// A bounded property-based fuzz run over every operation of the app's own OpenAPI document. Each
// generated request goes out three times: without a token, with a garbage one and with a valid one.
// Whatever comes in: never a 5xx, every 401 carries a Bearer challenge, every error has the error shape.
//
//   FUZZ_SEED=<n>  replays a run (the seed is printed with any failure)
//   FUZZ_RUNS=<n>  samples per operation (default 35: about 2,700 requests in all)
//   FUZZ_SHRINK=1  shrinks a failure to a minimal request (slower)

const BASE_SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const RUNS = Number(process.env.FUZZ_RUNS ?? 35);
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: SchemaProperty;
}
interface BodySchema {
  properties?: Record<string, SchemaProperty>;
}
interface Operation {
  method: HttpMethod;
  path: string;
  parameters: Parameter[];
  body?: BodySchema;
}
interface Sample {
  pathParams: Record<string, string>;
  query: string;
  headers: Array<[string, string]>;
  body?: { contentType: string; text: string };
}

function operationsOf(document: {
  paths: Record<string, Partial<Record<HttpMethod, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: { $ref?: string } & BodySchema }> } }>>>;
  components?: { schemas?: Record<string, BodySchema> };
}): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      const body = schema?.$ref ? document.components?.schemas?.[schema.$ref.split('/').at(-1)!] : schema;
      operations.push({ method, path, parameters: operation.parameters ?? [], body: operation.requestBody ? (body ?? {}) : undefined });
    }
  }
  return operations;
}

const RAW_PATH_SEGMENTS = ['%zz', '%', '..', '%2e%2e', '%2e%2e%2f', '%00', ';', '%C0%AF', '%E0%A4%A', 'a'.repeat(300), '-1', '0'];
const EXTRA_HEADERS = ['X-Request-Id', 'X-Forwarded-For', 'User-Agent', 'Accept', 'Origin', 'Idempotency-Key', 'Cookie', 'If-None-Match', 'Range'];
const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json;;',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/vnd.api+json',
];

function sampleFor(operation: Operation): fc.Arbitrary<Sample> {
  const pathNames = operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
  const queryNames = operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
  const headerNames = operation.parameters.filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name);

  const pathParams = fc.record(
    Object.fromEntries(
      pathNames.map((name) => [
        name,
        fc.oneof(fc.uuid(), hostileString.map(percentEncode), fc.constantFrom(...RAW_PATH_SEGMENTS)),
      ]),
    ) as Record<string, fc.Arbitrary<string>>,
  );

  // Mostly the documented names (what the code reads), also bracketed variants and pollution keys.
  const queryKey = fc.oneof(
    ...(queryNames.length ? [{ weight: 6, arbitrary: fc.constantFrom(...queryNames) }] : []),
    ...(queryNames.length ? [{ weight: 1, arbitrary: fc.constantFrom(...queryNames.flatMap((name) => [`${name}[]`, `${name}[x]`])) }] : []),
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', '__proto__[polluted]', 'constructor[prototype][polluted]') },
    { weight: 1, arbitrary: hostileString },
  );
  const queryValue = fc.oneof(
    fc.constantFrom('1', '100', '101', '0', '-1', '1.5', 'abc', ''),
    hostileString,
    hostileString.map((value) => Buffer.from(value).toString('base64url')),
  );
  const query = fc
    .tuple(fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }), fc.constantFrom('', '', '&%zz=1', '&&=&', '&a=%'))
    .map(([pairs, junk]) => {
      const text = pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&') + junk;
      return text ? `?${text}` : '';
    });

  const headers = fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...(headerNames.length ? headerNames : ['X-Unused'])), fc.oneof(fc.uuid(), hostileHeaderValue)), { maxLength: 2 }),
      fc.array(fc.tuple(fc.constantFrom(...EXTRA_HEADERS), hostileHeaderValue), { maxLength: 2 }),
    )
    .map(([documented, extra]) => [...documented, ...extra]);

  const shapedBody = operation.body?.properties
    ? fc
        .tuple(
          fc.record(
            Object.fromEntries(Object.entries(operation.body.properties).map(([name, property]) => [name, fieldJson(name, property)])),
            { requiredKeys: [] },
          ),
          fc.array(fc.tuple(hostileKey, hostileJson), { maxLength: 2 }),
        )
        .map(([fields, extra]) => objectText([...Object.entries(fields as Record<string, string>), ...extra]))
    : hostileJson;
  const bodyText = operation.body ? fc.oneof({ weight: 3, arbitrary: shapedBody }, { weight: 1, arbitrary: hostileJson }) : hostileJson;
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: hostileHeaderValue },
  );
  const body = fc.option(fc.record({ contentType, text: bodyText }), { freq: operation.body ? 5 : 2, nil: undefined });

  return fc.record({ pathParams, query, headers, body }, { requiredKeys: ['pathParams', 'query', 'headers'] });
}

function urlOf(operation: Operation, sample: Sample): string {
  return operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => sample.pathParams[name] ?? 'x') + sample.query;
}

function describeRequest(operation: Operation, sample: Sample, mode: string): string {
  const headers = sample.headers.map(([name, value]) => `${name}: ${value.slice(0, 120)}`).join('\n  ');
  const body = sample.body ? `Content-Type: ${sample.body.contentType}\n  ${sample.body.text.slice(0, 500)}` : '(no body)';
  return `${operation.method.toUpperCase()} ${urlOf(operation, sample).slice(0, 400)} (${mode})\n  ${headers}\n  ${body}`;
}

/** Long runs of one character (generated padding) shortened, so a failure report stays readable. */
const compact = (message: string): string => message.replace(/(.)\1{39,}/gs, (run, character: string) => `${character}<x${run.length}>`);

/** What is wrong with an answer, or undefined. */
function problemWith(response: Response): string | undefined {
  if (response.status >= 500) return `a ${response.status}`;
  if (response.status === 401 && !/^Bearer /.test(response.headers['www-authenticate'] ?? '')) return 'a 401 without a Bearer WWW-Authenticate';
  if (response.status >= 400) {
    const problem = errorShapeProblem(response.status, response.headers['content-type'], response.body);
    if (problem) return `an error not in the error shape (${problem})`;
  }
  return undefined;
}

// The operations are read from the running app's own document, so a new route is fuzzed without edits here.
const t = await createTestApp();
const user = await registerUser(t.http);
const operations = operationsOf((await t.http().get('/docs-json').expect(200)).body);

afterAll(async () => {
  await t.close();
});

describe(`Fuzzing every OpenAPI operation (e2e, FUZZ_SEED=${BASE_SEED}, ${RUNS} samples each)`, () => {
  it('finds the whole API in the OpenAPI document', () => {
    const names = operations.map((operation) => `${operation.method.toUpperCase()} ${operation.path}`);
    for (const expected of ['POST /auth/login', 'POST /auth/token', 'GET /auth/me', 'DELETE /auth/sessions/{id}', 'POST /payments', 'PATCH /posts/{id}', 'POST /account/2fa/disable']) {
      expect(names).toContain(expected);
    }
  });

  it.each(operations.map((operation, index) => [`${operation.method.toUpperCase()} ${operation.path}`, operation, index] as const))(
    '%s never answers hostile input with a 5xx, a bare 401 or a body outside the error shape',
    async (_name, operation, index) => {
      // A fresh session per operation: an earlier one may have logged out or refreshed it away.
      let session: TokenPairBody = await login(t.http, user);
      const seed = BASE_SEED + index;
      const property = fc.asyncProperty(sampleFor(operation), garbageAuthorization, async (sample, garbage) => {
        for (const [mode, authorization] of [
          ['no token', undefined],
          ['garbage token', garbage],
          ['valid token', `Bearer ${session.accessToken}`],
        ] as const) {
          let request = t.http()[operation.method](urlOf(operation, sample));
          for (const [name, value] of sample.headers) request = request.set(name, value);
          if (authorization !== undefined) request = request.set('Authorization', authorization);
          if (sample.body) {
            request = request.set('Content-Type', sample.body.contentType).send(sample.body.text.replace(REFRESH_TOKEN_PLACEHOLDER, session.refreshToken));
          }
          const response = await request;
          if (response.status === 200 && typeof response.body?.refreshToken === 'string') session = { ...session, ...response.body };
          const problem = problemWith(response);
          if (problem) {
            throw new Error(`${problem}\n${describeRequest(operation, sample, mode)}\nanswer: ${response.status} ${response.text.slice(0, 300)}`);
          }
        }
      });
      try {
        await fc.assert(property, { numRuns: RUNS, seed, endOnFailure: process.env.FUZZ_SHRINK !== '1' });
      } catch (error) {
        const { message, cause } = error as Error;
        const detail = cause instanceof Error ? `\n${compact(cause.message)}` : '';
        throw new Error(`Replay with FUZZ_SEED=${BASE_SEED} (this operation: seed ${seed}).\n${compact(message)}${detail}`);
      }
    },
  );
});

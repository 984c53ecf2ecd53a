import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * helmet's headers, computed once. They depend on nothing in the request (the CSP has no nonces), and
 * running helmet per request (as @fastify/helmet does) cost more than the rest of a cached-token request.
 * The CSP leaves room for Swagger UI's inline bootstrap at /docs and nothing else.
 */
function computeSecurityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // Plain-http development (localhost) must keep loading the docs' assets.
        upgradeInsecureRequests: null,
      },
    },
  });
  middleware({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return Object.freeze(headers);
}

export const SECURITY_HEADERS = computeSecurityHeaders();

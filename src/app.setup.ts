import { UnsupportedMediaTypeException, ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config/app-config.js';
import { AllExceptionsFilter, toErrorAnswer } from './common/errors/all-exceptions.filter.js';
import { ApiError } from './common/errors/api-error.js';
import { clientErrorHandler } from './common/http/client-error.handler.js';
import { REQUEST_ID_HEADER, requestIdFor } from './common/http/request-id.js';
import { SECURITY_HEADERS } from './common/http/security-headers.js';
import { requestLogOptions } from './common/logging/pino-options.js';
import { RequestLogController } from './common/logging/request-log.controller.js';

/** Fastify options shared by the real server and the in-process e2e apps. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: requestIdFor,
    logger: requestLogOptions(config.logLevel),
    logController: new RequestLogController(),
    // Let SIGTERM finish in-flight requests while refusing to linger on idle keep-alive sockets.
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    clientErrorHandler,
    // The router rejects a malformed URL or an over-long path parameter before any Nest code runs;
    // those answers get the API's error shape (and request id) too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const { body, headers } = toErrorAnswer(error);
      void reply.header(REQUEST_ID_HEADER, request.id).headers(headers).status(body.statusCode).send(body);
    },
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id).headers(SECURITY_HEADERS);
    done();
  });
  // Fastify hands a text/plain body to a JSON route as a string; only JSON is accepted (415 otherwise).
  fastify.removeContentTypeParser('text/plain');
  // Nest adds a form parser at init unless the type is taken. Forms are "simple" cross-site requests (no
  // CORS preflight): another site could post credentials or a registration. Take the type and refuse it.
  adapter.useBodyParser('application/x-www-form-urlencoded', false, undefined, () => {
    throw new UnsupportedMediaTypeException();
  });
  // Every JSON body of this API is an object; arrays, scalars and null are refused before any handler.
  // A callback hook: an async one costs every request (bodiless GETs included) a promise and a tick.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const { body } = request;
    if (body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body))) return done();
    done(new ApiError(400, 'invalid_body', 'The request body must be a JSON object'));
  });
  return adapter;
}

/** Everything the app needs beyond its modules: pipes, error shape, docs, shutdown. */
export function configureApp(app: NestFastifyApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      stopAtFirstError: false,
    }),
  );
  app.enableShutdownHooks();
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins, credentials: false });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Keystep (${config.role})`)
      .setDescription('JWT authentication with refresh-token rotation and step-up authentication')
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

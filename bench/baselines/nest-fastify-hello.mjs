// Baseline: the smallest NestJS 12 app on Fastify -- one controller, one GET route returning a
// constant JSON object, default logger silenced. What any Nest-on-Fastify route costs at minimum.
// Plain JS, so the decorators are applied as functions.
// Run: PORT=3001 node bench/baselines/nest-fastify-hello.mjs
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

class HelloController {
  hello() {
    return { hello: 'world' };
  }
}
Get('hello')(HelloController.prototype, 'hello', Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello'));
Controller()(HelloController);

class AppModule {}
Module({ controllers: [HelloController] })(AppModule);

const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: ['error'] });
app.enableShutdownHooks();
await app.listen({ port: Number(process.env.PORT ?? 3001), host: '127.0.0.1' });

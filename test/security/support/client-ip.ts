import { randomInt } from 'node:crypto';
import { Agent } from 'node:http';

/**
 * A loopback source address of its own. Linux routes all of 127.0.0.0/8 to the loopback interface,
 * so a client bound to 127.a.b.c reaches the in-process server and Fastify sees `request.ip` = 127.a.b.c:
 * per-IP rate-limit buckets (shared through Redis across parallel runs) never collide. 127.0.x.x is
 * left to the ordinary clients.
 */
export const uniqueLoopbackIp = (): string => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/** An X-Forwarded-For client address of its own (only honoured with TRUST_PROXY on). */
export const uniqueForwardedIp = (): string => `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;

/** An HTTP agent whose connections leave from `ip`; pass it to a supertest request with `.agent(...)`. */
export const agentFrom = (ip: string): Agent => new Agent({ localAddress: ip, keepAlive: false });

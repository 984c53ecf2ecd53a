import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config.js';

const WINDOW_SECONDS = 60;
/** How long a start waits for Redis before it serves requests with local counters meanwhile. */
const REDIS_READY_TIMEOUT_MS = 3_000;

/**
 * The counters behind the rate limits: in Redis when REDIS_URL is set, so every instance shares them
 * (with an in-memory fallback should Redis stop answering), in process memory otherwise.
 */
export class RateLimiters implements OnModuleInit, OnApplicationShutdown {
  private static readonly logger = new Logger('RateLimit');

  private constructor(
    readonly perIp: RateLimiterAbstract,
    readonly perAccount: RateLimiterAbstract,
    private readonly redis?: Redis,
  ) {}

  static create(config: AppConfig): RateLimiters {
    const points = config.rateLimit.perMinute;
    const memory = (keyPrefix: string) => new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS });
    const url = config.rateLimit.redisUrl;
    if (!url) return new RateLimiters(memory('ip'), memory('account'));

    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on('error', (error) => RateLimiters.logger.warn({ err: error.message }, 'Redis unavailable; using local counters'));
    const shared = (keyPrefix: string) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `keystep:rl:${keyPrefix}`,
        points,
        duration: WINDOW_SECONDS,
        insuranceLimiter: memory(keyPrefix),
      });
    RateLimiters.logger.log('Rate-limit counters shared through Redis');
    return new RateLimiters(shared('ip'), shared('account'), redis);
  }

  /**
   * Until the connection is up, every count goes to the local fallback: the first attempts after a
   * start would be split between two stores and a limit could be passed. So the start waits for it.
   */
  async onModuleInit(): Promise<void> {
    const redis = this.redis;
    const ready = () => redis?.status === 'ready';
    if (!redis || ready()) return;
    const done = new AbortController();
    const { signal } = done;
    await Promise.race([once(redis, 'ready', { signal }), sleep(REDIS_READY_TIMEOUT_MS, undefined, { signal })]).catch(() => undefined);
    done.abort();
    if (!ready()) RateLimiters.logger.warn('Redis is not ready; counting locally until it is');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}

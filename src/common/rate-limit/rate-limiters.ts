import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config.js';

const WINDOW_SECONDS = 60;

/**
 * The counters behind the rate limits: in Redis when REDIS_URL is set, so every instance shares them
 * (with an in-memory fallback should Redis stop answering), in process memory otherwise.
 */
export class RateLimiters implements OnApplicationShutdown {
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

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}

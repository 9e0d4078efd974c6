/**
 * A shared store on Redis (or Valkey) over TCP, for runners on Node: proxy.ts, route handlers,
 * server actions. One client per store, kept for the life of the process.
 *
 * @example
 *   createServerRunner({ store: createRedisStore({ url: process.env.AUTH_REDIS_URL }) });
 *   // or set AUTH_REDIS_URL and let the runner build it.
 *
 * `ioredis` is an optional peer dependency, imported on first use only, so apps without Redis
 * install and load nothing. The import is hidden from bundlers: the edge middleware bundle
 * never contains it, and on the edge runtime the import fails, which the runner's fallback
 * turns into per-process behaviour (see fallback.ts).
 *
 * The client never queues commands while disconnected (`enableOfflineQueue: false`): a command
 * to a Redis that is down fails at once, so a request never waits for a reconnection. It keeps
 * reconnecting in the background, and the fleet uses Redis again as soon as it answers.
 */
import type { SessionStore } from './types.js';

/** The commands this store sends; an ioredis `Redis` or `Cluster` fits. */
export interface RedisClientLike {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px: 'PX', ttlMs: number, nx?: 'NX'): Promise<string | null>;
  del(key: string): Promise<number>;
}

export interface RedisStoreOptions {
  /** `redis://…` or `rediss://…`; ignored when `client` is given. */
  url?: string;
  /** A client the app already keeps (then the app also closes it). */
  client?: RedisClientLike;
  /** Prefix of every key, so several apps can share one Redis. Default `ncs:`. */
  keyPrefix?: string;
  /** Bound on connecting the first time, in ms. Default 1000. */
  connectTimeoutMs?: number;
}

export interface RedisStore extends SessionStore {
  /** Closes a client this store opened; a client passed in is the app's to close. */
  close(): Promise<void>;
}

interface OwnedClient extends RedisClientLike {
  status: string;
  once(event: 'ready' | 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const prefix = options.keyPrefix ?? 'ncs:';
  const connectTimeoutMs = options.connectTimeoutMs ?? 1000;
  if (!options.client && !options.url) throw new TypeError('createRedisStore needs a `url` or a `client`');
  let owned: Promise<OwnedClient> | undefined;

  async function client(): Promise<RedisClientLike> {
    if (options.client) return options.client;
    const redis = await (owned ??= openClient(options.url!, connectTimeoutMs));
    if (redis.status !== 'ready') throw new Error(`Redis is not connected (${redis.status})`);
    return redis;
  }

  return {
    shared: true,
    async get(key) {
      return (await client()).get(prefix + key);
    },
    async set(key, value, ttlMs) {
      await (await client()).set(prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await (await client()).set(prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
    },
    async delete(key) {
      await (await client()).del(prefix + key);
    },
    async close() {
      const pending = owned;
      owned = undefined;
      const redis = await pending?.catch(() => undefined);
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

async function openClient(url: string, connectTimeoutMs: number): Promise<OwnedClient> {
  // Hidden from webpack and Turbopack so no bundle (the edge one above all) tries to include it.
  const { Redis } = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ 'ioredis')) as {
    Redis: new (url: string, options: Record<string, unknown>) => OwnedClient;
  };
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: connectTimeoutMs,
    // Keep trying in the background, never more than a second apart: Redis coming back is
    // noticed within about a second.
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
  });
  // Without a listener an 'error' event would crash the process; the store's callers see the
  // failure of each command instead, and fallback.ts logs it once.
  redis.on('error', () => {});
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, connectTimeoutMs);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return redis;
}

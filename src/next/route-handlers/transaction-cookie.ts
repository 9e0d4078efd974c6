/**
 * Short-lived, HttpOnly cookies that carry one flow across a round trip through the browser:
 * the hosted-UI transaction (state, PKCE verifier, returnTo) and a pending NEW_PASSWORD_REQUIRED
 * challenge. Scoped to the route handlers' own path so no page request ever carries them.
 *
 * @example
 *   await ctx.transactions.write(ctx, { kind: 'oauth', key }, { state, verifier, returnTo }, 300);
 *   const tx = await ctx.transactions.read(ctx, { kind: 'oauth', key }, schema); // undefined when absent/expired/forged
 *
 * A slot is a kind, or a kind plus a key when one browser may run several flows of that kind at
 * once (hosted sign-in started in two tabs): each keyed flow gets its own cookie.
 *
 * With `cookies.encryptionSecret` configured the value is sealed (JWE, the session cookies' own
 * sealer), so it can be neither read nor forged. Without it the value is plain base64url JSON:
 * still HttpOnly and unguessable, and every secret in it (state, verifier) is single-use and
 * only good together with a code the IdP hands to this same browser.
 */
import { check, number, object, unknown, type Output, type StandardSchemaV1 } from '../../schema.js';
import {
  createCookieSealer,
  parseCookieHeader,
  resolveCookieAttributes,
  serializeSetCookie,
  type CookieSealer,
  type CookieWriteOptions,
} from '../../cookies/index.js';
import type { AuthCore } from '../../session/core.js';
import { base64UrlEncode } from '../../cognito/pkce.js';
import type { RouteContext } from './context.js';

export type TransactionKind = 'oauth' | 'challenge';
export type TransactionSlot = TransactionKind | { kind: TransactionKind; key: string };

export interface TransactionCookies {
  write(ctx: RouteContext, slot: TransactionSlot, value: Record<string, unknown>, maxAgeSeconds: number): Promise<void>;
  /** Undefined when absent, expired, forged, or the key is not one this module could have written. */
  read<T extends StandardSchemaV1>(ctx: RouteContext, slot: TransactionSlot, schema: T): Promise<Output<T> | undefined>;
  clear(ctx: RouteContext, slot: TransactionSlot): void;
  /** Keys of the keyed flows of `kind` this request's browser holds. */
  pendingKeys(ctx: RouteContext, kind: TransactionKind): string[];
}

/**
 * Keys become part of a cookie name and arrive from URLs (the callback's `state`), so only
 * cookie-name-safe characters are accepted, and a key of another shape simply matches nothing.
 */
const KEY = /^[A-Za-z0-9_-]{8,64}$/;

const envelope = object({ exp: number(), data: unknown() });

export function createTransactionCookies(core: AuthCore): TransactionCookies {
  const secret = core.config.cookies.encryptionSecret;
  const sealer: CookieSealer | undefined = secret ? createCookieSealer(secret) : undefined;
  // Per client, so two runners (two pools) in one app keep separate flows.
  const baseName = (kind: TransactionKind) => `ncs-${kind}.${core.config.clientId}`;
  const nameOf = (slot: TransactionSlot): string | undefined => {
    if (typeof slot === 'string') return baseName(slot);
    return KEY.test(slot.key) ? `${baseName(slot.kind)}.${slot.key}` : undefined;
  };
  const requestCookies = (ctx: RouteContext) => parseCookieHeader(ctx.request.headers.get('cookie'));

  const encode = async (name: string, json: string) =>
    sealer ? sealer.seal(name, json) : base64UrlEncode(new TextEncoder().encode(json));
  const decode = async (name: string, raw: string) => (sealer ? sealer.open(name, raw) : base64UrlDecode(raw));

  return {
    async write(ctx, slot, value, maxAgeSeconds) {
      const name = nameOf(slot);
      if (!name) throw new Error(`transaction key must match ${KEY}`);
      const json = JSON.stringify({ exp: core.now() + maxAgeSeconds * 1000, data: value });
      const options = { ...attributes(core, ctx.request), maxAge: maxAgeSeconds };
      ctx.headers.append('set-cookie', serializeSetCookie({ name, value: await encode(name, json), options }));
    },

    async read(ctx, slot, schema) {
      const name = nameOf(slot);
      const raw = name && requestCookies(ctx).find((c) => c.name === name)?.value;
      if (!name || !raw) return undefined;
      try {
        const parsed = envelope.parse(JSON.parse(await decode(name, raw)));
        // Max-Age bounds the browser; this bounds a cookie replayed by hand.
        if (parsed.exp <= core.now()) return undefined;
        const data = check(schema, parsed.data);
        return data.success ? data.data : undefined;
      } catch {
        return undefined;
      }
    },

    clear(ctx, slot) {
      const name = nameOf(slot);
      if (!name) return;
      const options = { ...attributes(core, ctx.request), maxAge: 0 };
      ctx.headers.append('set-cookie', serializeSetCookie({ name, value: '', options }));
    },

    pendingKeys(ctx, kind) {
      const prefix = `${baseName(kind)}.`;
      return requestCookies(ctx)
        .filter((c) => c.name.startsWith(prefix) && KEY.test(c.name.slice(prefix.length)))
        .map((c) => c.name.slice(prefix.length));
    },
  };
}

/**
 * SameSite=Lax, not Strict: the hosted UI's redirect back is a cross-site top-level navigation,
 * and Strict would leave the transaction cookie behind. Secure follows `cookies.secure` like the
 * session cookies, so an app forcing it behind a proxy that sends no x-forwarded-proto gets it
 * here too.
 */
function attributes(core: AuthCore, request: Request): CookieWriteOptions {
  const { secure } = resolveCookieAttributes(core.config.cookies, request);
  return { httpOnly: true, sameSite: 'lax', secure, path: handlerPath(request) };
}

/** `/api/auth/sign-in` → `/api/auth`: wherever the app mounted the `[slug]` route. */
function handlerPath(request: Request): string {
  const { pathname } = new URL(request.url);
  const parent = pathname.slice(0, pathname.lastIndexOf('/'));
  return parent || '/';
}

function base64UrlDecode(value: string): string {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

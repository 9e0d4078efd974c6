/**
 * Validation for everything the middleware can reach: zod's tree-shakable `zod/mini` build, with
 * English messages.
 *
 * Why mini: the edge middleware bundle carries every module the runner reaches, and zod's classic
 * API (methods on every schema) cannot be tree-shaken — it weighed 105 KiB of a 389 KiB bundle.
 * Mini keeps only the functions we call. It loads no locale by default, so without the error map
 * below every issue would read "Invalid input"; passing it per parse (rather than through
 * `z.config`) leaves the app's own zod configuration alone. Messages a schema sets itself win.
 *
 * Import it as `import * as z from 'zod/mini'` in each module and never re-export that namespace:
 * a re-exported namespace object is kept whole by the bundler, locales and all.
 *
 * The local IdP (src/idp) never ships to the edge and keeps the classic API.
 */
import * as z from 'zod/mini';
import english from 'zod/v4/locales/en.js';

const withEnglishMessages = { error: english().localeError };

/** Any zod 4 schema, classic or mini: apps pass their own (e.g. to `extendClaims`). */
export type Schema<Output = unknown> = z.core.$ZodType<Output, unknown>;

export type ParseResult<T> = z.core.util.SafeParseResult<T>;

/** `schema.safeParse(value)` for a schema of either flavour, with readable messages. */
export function check<S extends z.core.$ZodType>(schema: S, value: unknown): ParseResult<z.output<S>> {
  return z.safeParse(schema, value, withEnglishMessages);
}

/**
 * The seed: app clients, custom attributes, groups and demo users a fresh pool starts with.
 * Users are seeded only into new state (an existing data file keeps its users); clients and the
 * attribute schema are configuration, re-read on every start.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { customAttributeConfigSchema } from './auth/attribute-schema.js';
import { clientConfigSchema } from './clients.js';
import { identityPoolConfigSchema, iamRoleArn } from './identity/pools.js';

const seedSchema = z.object({
  clients: z.array(clientConfigSchema).default([]),
  /** The pool's `custom:*` attributes; the standard ones always exist. */
  customAttributes: z.array(customAttributeConfigSchema).default([]),
  groups: z
    .array(
      z.object({
        name: z.string().min(1),
        description: z.string().optional(),
        precedence: z.number().int().min(0).optional(),
        roleArn: iamRoleArn.optional(),
      }),
    )
    .default([]),
  /** Identity pools trading this pool's ID tokens (or nothing, for guests) for AWS credentials. */
  identityPools: z.array(identityPoolConfigSchema).default([]),
  users: z
    .array(
      z.object({
        username: z.string().min(1),
        /** Fixed subs keep tokens comparable across in-memory restarts; generated when absent. */
        sub: z.uuid().optional(),
        password: z.string().min(1),
        attributes: z.record(z.string(), z.string()).default({}),
        groups: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});
export type SeedData = z.input<typeof seedSchema>;
export type ResolvedSeed = z.output<typeof seedSchema>;

const DEFAULT_SEED_URL = new URL('./demo-seed.json', import.meta.url);

/** `undefined` → the bundled demo seed; `false` → nothing; a string → a JSON file path. */
export async function loadSeed(seed: string | SeedData | false | undefined): Promise<ResolvedSeed> {
  if (seed === false) return seedSchema.parse({});
  const raw = typeof seed === 'object' ? seed : JSON.parse(await readFile(seed ?? DEFAULT_SEED_URL, 'utf8'));
  const parsed = seedSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`invalid IdP seed ${typeof seed === 'string' ? seed : ''}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

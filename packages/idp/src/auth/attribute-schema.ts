/**
 * The pool's attribute schema and who may write or read each attribute — Cognito's rules in one
 * place, applied to SignUp, AdminCreateUser, the NEW_PASSWORD_REQUIRED answer, the seed, and to
 * what the ID token, GetUser and userInfo show.
 *
 * Cognito's model: every pool has the standard (OIDC) attributes; custom ones exist only once
 * declared (`custom:tenant`); an attribute outside the schema is refused ("Type for attribute
 * {x} could not be determined"), which is why a user cannot invent `cognito:groups`. App clients
 * carry ReadAttributes / WriteAttributes (default: everything readable, every writable attribute
 * writable); the verification flags and `sub` are never client-writable. Admin operations are
 * IAM-authorized and not bound by any client's list: they may set `email_verified`.
 *
 * @example
 *   const schema = new AttributeSchema([{ name: 'tenant' }]);
 *   const client = schema.permissions({ writeAttributes: ['email', 'name'] });
 *   schema.checkWrite([['custom:tenant', 'acme']], { kind: 'client', permissions: client });
 *   // → NotAuthorizedException: A client attempted to write unauthorized attribute
 */
import { z } from 'zod';
import { CognitoError } from '../cognito-error.js';

/** Cognito's standard attributes users (and clients) may write. */
const STANDARD_WRITABLE = [
  'address',
  'birthdate',
  'email',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
] as const;

/** Set by the pool when a code is confirmed; only an administrator may set them directly. */
const VERIFICATION_FLAGS = ['email_verified', 'phone_number_verified'] as const;

/** Assigned by the pool, never written by anyone. Read like any other attribute. */
const POOL_ASSIGNED = 'sub';

/** Cognito's default (and maximum) length of a string attribute's value. */
const MAX_VALUE_LENGTH = 2048;

/** A custom attribute as a pool declares it (CreateUserPool's SchemaAttributeType, simplified). */
export const customAttributeConfigSchema = z
  .object({
    /** Without the `custom:` prefix, as Cognito's AddCustomAttributes takes it (1–20 characters). */
    name: z
      .string()
      .transform((name) => name.replace(/^custom:/, ''))
      .pipe(
        z.string().regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u, 'custom attribute names are 1–20 visible characters'),
      ),
    type: z.enum(['String', 'Number']).default('String'),
    /** Immutable attributes can be set when the user is created, never changed afterwards. */
    mutable: z.boolean().default(true),
    minLength: z.number().int().min(0).max(MAX_VALUE_LENGTH).optional(),
    maxLength: z.number().int().min(1).max(MAX_VALUE_LENGTH).optional(),
    minValue: z.number().optional(),
    maxValue: z.number().optional(),
  })
  .strict();
export type CustomAttributeConfig = z.input<typeof customAttributeConfigSchema>;

interface AttributeDefinition {
  name: string;
  type: 'String' | 'Number' | 'Boolean';
  mutable: boolean;
  writableByClients: boolean;
  minLength: number;
  maxLength: number;
  minValue?: number;
  maxValue?: number;
}

/** What one app client may read and write, resolved against the schema. */
export interface AttributePermissions {
  readonly read: ReadonlySet<string>;
  readonly write: ReadonlySet<string>;
}

/** Who is writing: an app client (its WriteAttributes apply) or an administrator / the seed. */
export type AttributeWriter = { kind: 'client'; permissions: AttributePermissions } | { kind: 'admin' };

/** Cognito's "Invalid email address format." — one `@`, something on both sides, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** E.164, as Cognito wants phone numbers: `+` then up to 15 digits. */
const PHONE = /^\+[0-9]{4,15}$/;

function schemaError(detail: string): CognitoError {
  return new CognitoError('InvalidParameterException', `Attributes did not conform to the schema: ${detail}`);
}

function nonMutable(name: string): CognitoError {
  return new CognitoError('InvalidParameterException', `Cannot modify the non-mutable attribute ${name}`);
}

export class AttributeSchema {
  private readonly definitions: ReadonlyMap<string, AttributeDefinition>;

  constructor(custom: readonly CustomAttributeConfig[] = []) {
    const definitions = new Map<string, AttributeDefinition>();
    const string = { type: 'String' as const, minLength: 0, maxLength: MAX_VALUE_LENGTH };
    for (const name of STANDARD_WRITABLE)
      definitions.set(name, { name, ...string, mutable: true, writableByClients: true });
    for (const name of VERIFICATION_FLAGS) {
      definitions.set(name, {
        name,
        type: 'Boolean',
        minLength: 0,
        maxLength: 5,
        mutable: true,
        writableByClients: false,
      });
    }
    definitions.set(POOL_ASSIGNED, { name: POOL_ASSIGNED, ...string, mutable: false, writableByClients: false });
    for (const raw of custom) {
      const config = customAttributeConfigSchema.parse(raw);
      const name = `custom:${config.name}`;
      if (definitions.has(name)) throw new Error(`custom attribute ${name} is declared twice`);
      definitions.set(name, {
        name,
        type: config.type,
        mutable: config.mutable,
        writableByClients: true,
        minLength: config.minLength ?? 0,
        maxLength: config.maxLength ?? MAX_VALUE_LENGTH,
        ...(config.minValue !== undefined && { minValue: config.minValue }),
        ...(config.maxValue !== undefined && { maxValue: config.maxValue }),
      });
    }
    this.definitions = definitions;
  }

  /** Every attribute name of the pool, `sub` and the verification flags included. */
  get names(): string[] {
    return [...this.definitions.keys()];
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  /**
   * An app client's ReadAttributes / WriteAttributes, defaulting as Cognito does (all readable,
   * all client-writable attributes writable). Refuses, at start-up, names the schema lacks and
   * write lists with a verification flag or `sub` — CreateUserPoolClient's "Invalid write
   * attributes specified while creating a client".
   */
  permissions(config: {
    clientId?: string;
    readAttributes?: readonly string[];
    writeAttributes?: readonly string[];
  }): AttributePermissions {
    const who = config.clientId ? `app client ${config.clientId}` : 'an app client';
    for (const [list, names] of [
      ['readAttributes', config.readAttributes],
      ['writeAttributes', config.writeAttributes],
    ] as const) {
      const unknown = (names ?? []).filter((name) => !this.definitions.has(name));
      if (unknown.length > 0)
        throw new Error(`${who}: ${list} names attributes the pool does not have: ${unknown.join(', ')}`);
    }
    const unwritable = (config.writeAttributes ?? []).filter((name) => !this.definitions.get(name)!.writableByClients);
    if (unwritable.length > 0) {
      throw new Error(`${who}: Invalid write attributes specified while creating a client (${unwritable.join(', ')})`);
    }
    const writable = [...this.definitions.values()].filter((d) => d.writableByClients).map((d) => d.name);
    return {
      read: new Set(config.readAttributes ?? this.names),
      write: new Set(config.writeAttributes ?? writable),
    };
  }

  /**
   * The attributes `writer` may store, as a fresh record; throws Cognito's refusal otherwise.
   * `existing` is the user's current attributes when this is an update (immutable ones that
   * already hold a value cannot change). Later duplicates of a name win, as in a Map.
   */
  checkWrite(
    entries: Iterable<readonly [string, string]>,
    writer: AttributeWriter,
    existing?: Readonly<Record<string, string>>,
  ): Record<string, string> {
    const values = new Map(entries);
    // 1. The schema: a name it lacks has no type (this is what stops `cognito:groups`).
    for (const name of values.keys()) {
      if (!this.definitions.has(name)) throw schemaError(`Type for attribute {${name}} could not be determined`);
    }
    for (const [name, value] of values) {
      const definition = this.definitions.get(name)!;
      // 2. What nobody, or no client, may set: `sub`, and the verification flags.
      if (name === POOL_ASSIGNED) throw nonMutable(name);
      if (writer.kind === 'client' && !definition.writableByClients) throw nonMutable(name);
      // 3. Immutable attributes that already hold a value.
      if (!definition.mutable && existing?.[name] !== undefined && existing[name] !== value) throw nonMutable(name);
      // 4. The client's WriteAttributes.
      if (writer.kind === 'client' && !writer.permissions.write.has(name)) {
        throw new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute');
      }
      this.checkValue(definition, value);
    }
    return Object.fromEntries(values);
  }

  /** The attributes a client may read, in the user's order. */
  readable(attributes: Readonly<Record<string, string>>, permissions: AttributePermissions): Record<string, string> {
    return Object.fromEntries(
      Object.entries(attributes).filter(([name]) => this.definitions.has(name) && permissions.read.has(name)),
    );
  }

  private checkValue(definition: AttributeDefinition, value: string): void {
    const { name } = definition;
    if (definition.type === 'Boolean') {
      if (value !== 'true' && value !== 'false') throw schemaError(`${name}: Value must be true or false`);
      return;
    }
    if (definition.type === 'Number') {
      const number = Number(value);
      if (value.trim() === '' || !Number.isFinite(number)) throw schemaError(`${name}: Number must be a number`);
      if (definition.minValue !== undefined && number < definition.minValue) {
        throw schemaError(`${name}: Number must be no less than ${definition.minValue}`);
      }
      if (definition.maxValue !== undefined && number > definition.maxValue) {
        throw schemaError(`${name}: Number must be no greater than ${definition.maxValue}`);
      }
      return;
    }
    if (value.length > definition.maxLength) {
      throw schemaError(`${name}: String must be no longer than ${definition.maxLength} characters`);
    }
    if (value.length < definition.minLength) {
      throw schemaError(`${name}: String must be no shorter than ${definition.minLength} characters`);
    }
    if (name === 'email' && !EMAIL.test(value))
      throw new CognitoError('InvalidParameterException', 'Invalid email address format.');
    if (name === 'phone_number' && !PHONE.test(value)) {
      throw new CognitoError('InvalidParameterException', 'Invalid phone number format.');
    }
  }
}

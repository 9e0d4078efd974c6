/**
 * The library's one validator: a handful of combinators for the shapes it reads — config and env
 * vars, token claims, Cognito's answers, cookies and request bodies — and nothing else.
 *
 * Why not zod: everything the middleware reaches ships in the edge bundle, and even `zod/mini`
 * weighed 56 KiB of it (see docs/design.md). These validators are a few KiB and say in English
 * what is wrong ("must be an integer ≥ 0, got string") without a locale. Values never appear in a
 * message, only their type: they could be tokens.
 *
 * Every schema is a Standard Schema (https://standardschema.dev, `~standard.validate`), and
 * `check()` accepts any Standard Schema: an app's zod, valibot or arktype schema passed to
 * `extendClaims` is validated through that interface, so its library is in the app's bundle by
 * the app's choice, never by ours.
 *
 * @example
 *   const body = object({ username: string({ trim: true, min: 1, message: 'username is required' }) });
 *   const parsed = check(body, input); // { success: true, data } | { success: false, error: { issues } }
 */

export type IssueCode =
  'invalid_type' | 'too_small' | 'too_big' | 'invalid_value' | 'invalid_format' | 'custom' | (string & {});

export interface Issue {
  readonly code: IssueCode;
  readonly message: string;
  readonly path: readonly PropertyKey[];
}

/** Standard Schema v1, the validation interface zod (≥ 3.24), valibot (≥ 1) and arktype implement. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

type StandardResult<Output> =
  { readonly value: Output; readonly issues?: undefined } | { readonly issues: ReadonlyArray<StandardIssue> };

export type Output<S extends StandardSchemaV1> = NonNullable<S['~standard']['types']>['output'];
export type Input<S extends StandardSchemaV1> = NonNullable<S['~standard']['types']>['input'];

export type ParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: { readonly issues: readonly Issue[] } };

/** Thrown by `parse`; callers that answer users use `check` and word the issues themselves. */
export class SchemaError extends Error {
  constructor(readonly issues: readonly Issue[]) {
    super(issues.map(describeIssue).join('; '));
    this.name = 'SchemaError';
  }
}

/** `"path" message`, the way every error built from an issue names the field. */
export function describeIssue(issue: Issue): string {
  return issue.path.length > 0 ? `"${issue.path.map(String).join('.')}" ${issue.message}` : issue.message;
}

/**
 * Validates `value` with any Standard Schema, ours or an app's. Validation is synchronous
 * everywhere the library validates (config at start, claims on the hot path), so a schema that
 * answers with a Promise (an async zod refinement) is a programming error, not a verdict.
 */
export function check<S extends StandardSchemaV1>(schema: S, value: unknown): ParseResult<Output<S>> {
  if (schema instanceof Schema) return schema.safeParse(value) as ParseResult<Output<S>>;
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) throw new TypeError('next-cognito-session: schemas must validate synchronously');
  if (!result.issues) return { success: true, data: result.value as Output<S> };
  return { success: false, error: { issues: result.issues.map(normalizeIssue) } };
}

function normalizeIssue(issue: StandardIssue & { readonly code?: unknown }): Issue {
  return {
    // zod's issues carry a code; the standard only promises a message and a path.
    code: typeof issue.code === 'string' ? issue.code : 'custom',
    message: issue.message,
    path: (issue.path ?? []).map((key) => (typeof key === 'object' ? key.key : key)),
  };
}

type Run<T> = (value: unknown, path: readonly PropertyKey[], issues: Issue[]) => T;

export class Schema<Out, In = Out> implements StandardSchemaV1<In, Out> {
  readonly '~standard': StandardSchemaV1<In, Out>['~standard'];

  constructor(readonly run: Run<Out>) {
    this['~standard'] = {
      version: 1,
      vendor: 'next-cognito-session',
      validate: (value) => {
        const result = this.safeParse(value);
        return result.success ? { value: result.data } : { issues: result.error.issues };
      },
    };
  }

  safeParse(value: unknown): ParseResult<Out> {
    const issues: Issue[] = [];
    const data = this.run(value, [], issues);
    return issues.length === 0 ? { success: true, data } : { success: false, error: { issues } };
  }

  parse(value: unknown): Out {
    const result = this.safeParse(value);
    if (result.success) return result.data;
    throw new SchemaError(result.error.issues);
  }
}

type AnySchema = Schema<unknown, unknown>;
type OutOf<S> = S extends Schema<infer O, unknown> ? O : never;
type InOf<S> = S extends Schema<unknown, infer I> ? I : never;

function report(issues: Issue[], path: readonly PropertyKey[], code: IssueCode, message: string): void {
  issues.push({ code, message, path });
}

/** The type of a value, never the value: messages end up in logs. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function wrongType<T>(issues: Issue[], path: readonly PropertyKey[], expected: string, value: unknown): T {
  report(issues, path, 'invalid_type', `must be ${expected}, got ${kindOf(value)}`);
  return value as T;
}

export interface StringRules {
  /** Trim before the length checks (and in the output). */
  trim?: boolean;
  min?: number;
  max?: number;
  /** Replaces the message of a failed `min` (e.g. "username is required"). */
  message?: string;
}

export function string(rules: StringRules = {}): Schema<string> {
  return new Schema((value, path, issues) => {
    if (typeof value !== 'string') return wrongType(issues, path, 'a string', value);
    const text = rules.trim ? value.trim() : value;
    if (rules.min !== undefined && text.length < rules.min) {
      const fallback = rules.min === 1 ? 'must not be empty' : `must have at least ${rules.min} characters`;
      report(issues, path, 'too_small', rules.message ?? fallback);
    }
    if (rules.max !== undefined && text.length > rules.max) {
      report(issues, path, 'too_big', `must have at most ${rules.max} characters`);
    }
    return text;
  });
}

/** An absolute `http:` or `https:` URL. */
export function httpUrl(): Schema<string> {
  return refine(string(), (value, fail) => {
    if (!/^https?:\/\//i.test(value) || !parsesAsUrl(value)) fail('must be an http(s) URL');
  });
}

// `URL.canParse` is missing from older edge runtimes.
function parsesAsUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** A finite number; `int()` for whole ones. */
export function number(): Schema<number> {
  return new Schema((value, path, issues) =>
    typeof value === 'number' && Number.isFinite(value) ? value : wrongType(issues, path, 'a number', value),
  );
}

export function int(range: { min?: number; max?: number } = {}): Schema<number> {
  const { min, max } = range;
  const expected = `an integer${min !== undefined ? ` ≥ ${min}` : ''}${max !== undefined ? ` ≤ ${max}` : ''}`;
  return new Schema((value, path, issues) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return wrongType(issues, path, expected, value);
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      report(issues, path, min !== undefined && value < min ? 'too_small' : 'too_big', `must be ${expected}`);
    }
    return value;
  });
}

export function boolean(): Schema<boolean> {
  return new Schema((value, path, issues) =>
    typeof value === 'boolean' ? value : wrongType(issues, path, 'a boolean', value),
  );
}

type Primitive = string | number | boolean | null | undefined;

/** One of a fixed set of values (`literal` is the set of one). */
export function oneOf<const V extends readonly Primitive[]>(values: V): Schema<V[number]> {
  const expected = values.map((value) => (value === undefined ? 'absent' : JSON.stringify(value))).join(', ');
  return new Schema((value, path, issues) => {
    if (!values.includes(value as Primitive)) {
      report(issues, path, 'invalid_value', values.length === 1 ? `must be ${expected}` : `must be one of ${expected}`);
    }
    return value as V[number];
  });
}

export function literal<const V extends Primitive>(value: V): Schema<V> {
  return oneOf([value]);
}

export function unknown(): Schema<unknown> {
  return new Schema((value) => value);
}

export function optional<S extends AnySchema>(schema: S): Schema<OutOf<S> | undefined, InOf<S> | undefined> {
  return new Schema((value, path, issues) =>
    value === undefined ? undefined : (schema.run(value, path, issues) as OutOf<S>),
  );
}

/**
 * Absent, `null` or the schema; `null` comes out as absent. JSON serialisers of emulators built
 * on Java or Python SDK models write an absent optional field as `null`.
 */
export function absentOr<S extends AnySchema>(schema: S): Schema<OutOf<S> | undefined, InOf<S> | null | undefined> {
  return new Schema((value, path, issues) =>
    value === undefined || value === null ? undefined : (schema.run(value, path, issues) as OutOf<S>),
  );
}

/** `fallback()` when absent: a function, so no two results share a mutable default. */
export function withDefault<S extends AnySchema>(
  schema: S,
  fallback: () => OutOf<S>,
): Schema<Exclude<OutOf<S>, undefined>, InOf<S> | undefined> {
  return new Schema((value, path, issues) =>
    value === undefined ? (fallback() as Exclude<OutOf<S>, undefined>) : (schema.run(value, path, issues) as never),
  );
}

export function array<S extends AnySchema>(item: S, rules: { min?: number } = {}): Schema<OutOf<S>[], InOf<S>[]> {
  return new Schema((value, path, issues) => {
    if (!Array.isArray(value)) return wrongType(issues, path, 'an array', value);
    if (rules.min !== undefined && value.length < rules.min) {
      report(issues, path, 'too_small', `must have at least ${rules.min} ${rules.min === 1 ? 'entry' : 'entries'}`);
    }
    return value.map((entry, index) => item.run(entry, [...path, index], issues) as OutOf<S>);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with any keys, every value checked by `values`. */
export function record<S extends AnySchema>(values: S): Schema<Record<string, OutOf<S>>, Record<string, InOf<S>>> {
  return new Schema((value, path, issues) => {
    if (!isRecord(value)) return wrongType(issues, path, 'an object', value);
    const out: Record<string, OutOf<S>> = {};
    for (const [key, entry] of Object.entries(value)) out[key] = values.run(entry, [...path, key], issues) as OutOf<S>;
    return out;
  });
}

type Shape = Record<string, AnySchema>;
type Flat<T> = { [K in keyof T]: T[K] } & {};
type MaybeAbsent<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
/** Keys whose value may be `undefined` may also be left out. */
type WithOptionalKeys<T> = Flat<{ [K in Exclude<keyof T, MaybeAbsent<T>>]: T[K] } & { [K in MaybeAbsent<T>]?: T[K] }>;
export type ShapeOutput<S extends Shape> = WithOptionalKeys<{ [K in keyof S]: OutOf<S[K]> }>;
export type ShapeInput<S extends Shape> = WithOptionalKeys<{ [K in keyof S]: InOf<S[K]> }>;

/** The shape's keys, checked; other keys are dropped. */
export function object<S extends Shape>(shape: S): Schema<ShapeOutput<S>, ShapeInput<S>> {
  return objectOf(shape, false) as Schema<ShapeOutput<S>, ShapeInput<S>>;
}

/** The shape's keys, checked; other keys pass through unchecked (token claims). */
export function looseObject<S extends Shape>(
  shape: S,
): Schema<ShapeOutput<S> & { [key: string]: unknown }, ShapeInput<S> & { [key: string]: unknown }> {
  return objectOf(shape, true) as Schema<ShapeOutput<S> & { [key: string]: unknown }, ShapeInput<S>>;
}

function objectOf(shape: Shape, loose: boolean): Schema<Record<string, unknown>> {
  const keys = Object.keys(shape);
  return new Schema((value, path, issues) => {
    if (!isRecord(value)) return wrongType(issues, path, 'an object', value);
    const out: Record<string, unknown> = loose ? { ...value } : {};
    for (const key of keys) {
      const parsed = shape[key]!.run(value[key], [...path, key], issues);
      if (parsed !== undefined) out[key] = parsed;
      else delete out[key];
    }
    return out;
  });
}

/**
 * Further rules over a value that passed `schema`; `fail(message, key?)` reports one, under
 * `key` when it concerns one field of an object.
 */
export function refine<Out, In>(
  schema: Schema<Out, In>,
  rule: (value: Out, fail: (message: string, key?: PropertyKey) => void) => void,
): Schema<Out, In> {
  return new Schema((value, path, issues) => {
    const before = issues.length;
    const out = schema.run(value, path, issues);
    if (issues.length === before) {
      rule(out, (message, key) => report(issues, key === undefined ? path : [...path, key], 'custom', message));
    }
    return out;
  });
}

/** The output of a value that passed `schema`, turned into something else. */
export function map<Out, In, Next>(schema: Schema<Out, In>, turn: (value: Out) => Next): Schema<Next, In> {
  return new Schema((value, path, issues) => {
    const before = issues.length;
    const out = schema.run(value, path, issues);
    return issues.length === before ? turn(out) : (out as unknown as Next);
  });
}

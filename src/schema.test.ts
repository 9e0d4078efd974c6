import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  absentOr,
  array,
  check,
  httpUrl,
  int,
  looseObject,
  object,
  oneOf,
  optional,
  refine,
  SchemaError,
  string,
  withDefault,
} from './schema.js';

describe('schema', () => {
  const user = object({
    name: string({ trim: true, min: 1, max: 5, message: 'name is required' }),
    age: optional(int({ min: 0 })),
    tags: withDefault(array(string()), () => []),
  });

  it('drops unknown keys of an object, keeps them in a loose one', () => {
    expect(user.parse({ name: ' ann ', extra: 1 })).toEqual({ name: 'ann', tags: [] });
    expect(looseObject({ a: string() }).parse({ a: 'x', b: [1] })).toEqual({ a: 'x', b: [1] });
  });

  it('names the path, says what is wrong, and never echoes the value', () => {
    const result = check(user, { name: '   ', age: 'secret-token', tags: ['ok', 7] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.issues).toEqual([
      { code: 'too_small', message: 'name is required', path: ['name'] },
      { code: 'invalid_type', message: 'must be an integer ≥ 0, got string', path: ['age'] },
      { code: 'invalid_type', message: 'must be a string, got number', path: ['tags', 1] },
    ]);
    expect(() => user.parse({ name: 'toolong' })).toThrow(
      new SchemaError([{ code: 'too_big', message: 'must have at most 5 characters', path: ['name'] }]),
    );
  });

  it('gives every default afresh, so no two results share one', () => {
    const a = user.parse({ name: 'a' });
    const b = user.parse({ name: 'b' });
    expect(a.tags).not.toBe(b.tags);
  });

  it('reads null as absent where asked to, and only there', () => {
    const body = object({ token: absentOr(string()), other: optional(string()) });
    expect(body.parse({ token: null })).toEqual({});
    expect(body.safeParse({ other: null }).success).toBe(false);
  });

  it('accepts only http(s) URLs and only listed values', () => {
    expect(httpUrl().safeParse('https://auth.example.com').success).toBe(true);
    expect(httpUrl().safeParse('ftp://auth.example.com').success).toBe(false);
    expect(httpUrl().safeParse('http://').success).toBe(false);
    expect(oneOf([true, 'auto']).safeParse('true')).toMatchObject({
      success: false,
      error: { issues: [{ message: 'must be one of true, "auto"' }] },
    });
  });

  it('runs refinements on valid values only, under the key they name', () => {
    const pair = refine(object({ a: int(), b: int() }), (value, fail) => {
      if (value.a > value.b) fail('must not exceed b', 'a');
    });
    expect(check(pair, { a: 2, b: 1 })).toMatchObject({ success: false, error: { issues: [{ path: ['a'] }] } });
    expect(check(pair, { a: 'x', b: 1 })).toMatchObject({ error: { issues: [{ code: 'invalid_type' }] } });
  });

  it('is a Standard Schema, and checks any other one (zod, or any library) through that interface', () => {
    expect(user['~standard'].validate({ name: 'x' })).toEqual({ value: { name: 'x', tags: [] } });
    expect(check(z.object({ n: z.number() }), { n: 'x' })).toMatchObject({
      success: false,
      error: { issues: [{ code: 'invalid_type', path: ['n'] }] },
    });
    // The shape valibot and arktype answer with: path segments as `{ key }` objects, no code.
    const foreign = {
      '~standard': {
        version: 1 as const,
        vendor: 'elsewhere',
        validate: (value: unknown) =>
          typeof value === 'number' ? { value } : { issues: [{ message: 'not a number', path: [{ key: 'n' }, 0] }] },
      },
    };
    expect(check(foreign, 1)).toEqual({ success: true, data: 1 });
    expect(check(foreign, 'x')).toEqual({
      success: false,
      error: { issues: [{ code: 'custom', message: 'not a number', path: ['n', 0] }] },
    });
  });

  it('refuses an asynchronous schema instead of treating a Promise as a verdict', () => {
    const slow = z.string().refine(async () => true);
    expect(() => check(slow, 'x')).toThrow(/synchronously/);
  });
});

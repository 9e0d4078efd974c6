import { describe, expect, it } from 'vitest';
import { AttributeSchema, type AttributeWriter } from './attribute-schema.js';

const schema = new AttributeSchema([
  { name: 'tenant', maxLength: 8 },
  { name: 'custom:plan' },
  { name: 'seats', type: 'Number', minValue: 1, maxValue: 100 },
  { name: 'region', mutable: false },
]);
const appClient: AttributeWriter = {
  kind: 'client',
  permissions: schema.permissions({ writeAttributes: ['email', 'name', 'custom:plan', 'custom:region'] }),
};
const anyClient: AttributeWriter = { kind: 'client', permissions: schema.permissions({}) };
const admin: AttributeWriter = { kind: 'admin' };

function refusal(run: () => unknown): { type: string; message: string } {
  try {
    run();
  } catch (error) {
    return { type: (error as { type: string }).type, message: (error as Error).message };
  }
  throw new Error('expected a refusal');
}

describe('AttributeSchema writes', () => {
  it('refuses names outside the schema with Cognito’s words, whoever writes', () => {
    for (const name of ['cognito:groups', 'custom:undeclared', 'favourite_colour', 'custom:', '__proto__']) {
      for (const writer of [appClient, admin]) {
        expect(refusal(() => schema.checkWrite([[name, 'x']], writer))).toEqual({
          type: 'InvalidParameterException',
          message: `Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`,
        });
      }
    }
  });

  it('never lets a client set the verification flags or sub; an admin may set the flags', () => {
    for (const name of ['email_verified', 'phone_number_verified', 'sub']) {
      expect(refusal(() => schema.checkWrite([[name, 'true']], anyClient))).toEqual({
        type: 'InvalidParameterException',
        message: `Cannot modify the non-mutable attribute ${name}`,
      });
    }
    expect(schema.checkWrite([['email_verified', 'true']], admin)).toEqual({ email_verified: 'true' });
    expect(refusal(() => schema.checkWrite([['sub', 'x']], admin)).message).toBe(
      'Cannot modify the non-mutable attribute sub',
    );
  });

  it("applies the client's WriteAttributes, not an admin's", () => {
    expect(refusal(() => schema.checkWrite([['custom:tenant', 'acme']], appClient))).toEqual({
      type: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
    expect(refusal(() => schema.checkWrite([['given_name', 'Ann']], appClient)).type).toBe('NotAuthorizedException');
    expect(
      schema.checkWrite(
        [
          ['custom:tenant', 'acme'],
          ['name', 'Ann'],
        ],
        admin,
      ),
    ).toEqual({ 'custom:tenant': 'acme', name: 'Ann' });
    // Cognito's default for a client without a list: every writable attribute.
    expect(schema.checkWrite([['custom:tenant', 'acme']], anyClient)).toEqual({ 'custom:tenant': 'acme' });
  });

  it('checks values against their declared type and bounds', () => {
    expect(refusal(() => schema.checkWrite([['custom:tenant', 'too-long-a']], admin)).message).toBe(
      'Attributes did not conform to the schema: custom:tenant: String must be no longer than 8 characters',
    );
    expect(refusal(() => schema.checkWrite([['custom:seats', '0']], admin)).message).toMatch(/no less than 1/);
    expect(refusal(() => schema.checkWrite([['custom:seats', 'ten']], admin)).message).toMatch(/must be a number/);
    expect(schema.checkWrite([['custom:seats', '42']], admin)).toEqual({ 'custom:seats': '42' });
    expect(refusal(() => schema.checkWrite([['email_verified', 'yes']], admin)).message).toMatch(/true or false/);
    expect(refusal(() => schema.checkWrite([['email', 'not-an-email']], anyClient)).message).toBe(
      'Invalid email address format.',
    );
    expect(refusal(() => schema.checkWrite([['phone_number', '555-1234']], anyClient)).message).toBe(
      'Invalid phone number format.',
    );
  });

  it('sets an immutable attribute once, and never changes it afterwards', () => {
    expect(schema.checkWrite([['custom:region', 'eu']], appClient)).toEqual({ 'custom:region': 'eu' });
    expect(
      refusal(() => schema.checkWrite([['custom:region', 'us']], appClient, { 'custom:region': 'eu' })).message,
    ).toBe('Cannot modify the non-mutable attribute custom:region');
    expect(schema.checkWrite([['custom:region', 'eu']], appClient, { 'custom:region': 'eu' })).toEqual({
      'custom:region': 'eu',
    });
  });
});

describe('AttributeSchema reads and client permissions', () => {
  it('shows a client only what it may read, and nothing outside the schema', () => {
    const reader = schema.permissions({ readAttributes: ['email', 'email_verified'] });
    const stored = {
      email: 'a@example.com',
      email_verified: 'true',
      'custom:tenant': 'acme',
      'cognito:groups': 'ADMINS',
    };
    expect(schema.readable(stored, reader)).toEqual({ email: 'a@example.com', email_verified: 'true' });
    expect(schema.readable(stored, schema.permissions({}))).toEqual({
      email: 'a@example.com',
      email_verified: 'true',
      'custom:tenant': 'acme',
    });
  });

  it('refuses client lists naming unknown attributes or unwritable ones, at start-up', () => {
    expect(() => schema.permissions({ clientId: 'c1', readAttributes: ['custom:nope'] })).toThrow(
      /c1: readAttributes .*custom:nope/,
    );
    expect(() => schema.permissions({ clientId: 'c1', writeAttributes: ['email_verified'] })).toThrow(
      /Invalid write attributes/,
    );
    expect(() => schema.permissions({ writeAttributes: ['sub'] })).toThrow(/Invalid write attributes/);
  });

  it('refuses a custom attribute declared twice', () => {
    expect(() => new AttributeSchema([{ name: 'tenant' }, { name: 'custom:tenant' }])).toThrow(/declared twice/);
  });
});

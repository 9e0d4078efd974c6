import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { MAX_CLOCK_SKEW_MS, verifySigV4, type SigV4Request } from './sigv4.js';

const credentials = { accessKeyId: 'AKIALOCALIDPADMIN000', secretAccessKey: 'test-secret-key' };
const SIGNED_AT = Date.UTC(2024, 2, 5, 9, 4, 7);
const expected = { credentials, region: 'us-east-1', service: 'cognito-idp', now: SIGNED_AT };
const BODY = '{"UserPoolId":"us-east-1_LocalPool","Username":"admin@example.com","Password":"Chosen-Passw0rd"}';

/** What the AWS SDK's own signer (the one CognitoIdentityProviderClient uses) puts on the wire. */
async function signed(
  options: {
    secret?: string;
    region?: string;
    path?: string;
    query?: Record<string, string>;
    signingDate?: number;
  } = {},
): Promise<SigV4Request> {
  const signer = new SignatureV4({
    credentials: { ...credentials, secretAccessKey: options.secret ?? credentials.secretAccessKey },
    region: options.region ?? 'us-east-1',
    service: 'cognito-idp',
    sha256: Sha256,
  });
  const request = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 9229,
      path: options.path ?? '/',
      query: options.query ?? {},
      headers: {
        host: '127.0.0.1:9229',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.AdminSetUserPassword',
        'x-amz-user-agent': 'aws-sdk-js/3  multiple   spaces ',
        'content-length': String(Buffer.byteLength(BODY)),
      },
      body: BODY,
    },
    { signingDate: new Date(options.signingDate ?? SIGNED_AT) },
  );
  const url = new URL(`http://127.0.0.1:9229${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.append(name, String(value));
  return { method: request.method, url, headers: new Headers(request.headers), body: new TextEncoder().encode(BODY) };
}

function withHeader(request: SigV4Request, name: string, value: string | undefined): SigV4Request {
  const headers = new Headers(request.headers);
  if (value === undefined) headers.delete(name);
  else headers.set(name, value);
  return { ...request, headers };
}

describe('verifySigV4 against requests signed by the AWS SDK signer', () => {
  it('accepts the SDK signature, with a query string and an encoded path too', async () => {
    expect(verifySigV4(await signed(), expected)).toMatchObject({ ok: true });
    const odd = await signed({ path: '/a%20b/./c/', query: { 'a-b': '2', a: 'x y', 'b~': '*' } });
    expect(verifySigV4(odd, expected)).toMatchObject({ ok: true });
  });

  it('refuses a wrong secret, a changed body, target or host as InvalidSignatureException', async () => {
    expect(verifySigV4(await signed({ secret: 'guessed' }), expected)).toMatchObject({
      ok: false,
      type: 'InvalidSignatureException',
    });
    const request = await signed();
    const tampered = { ...request, body: new TextEncoder().encode(BODY.replace('admin@', 'demo@')) };
    expect(verifySigV4(tampered, expected)).toMatchObject({ ok: false, type: 'InvalidSignatureException' });
    const otherTarget = withHeader(request, 'x-amz-target', 'AWSCognitoIdentityProviderService.AdminCreateUser');
    expect(verifySigV4(otherTarget, expected)).toMatchObject({ ok: false, type: 'InvalidSignatureException' });
    expect(verifySigV4(withHeader(request, 'host', 'evil.example'), expected)).toMatchObject({
      ok: false,
      type: 'InvalidSignatureException',
    });
  });

  it('refuses a request dated more than 15 minutes away from the clock, either way', async () => {
    const request = await signed();
    expect(verifySigV4(request, { ...expected, now: SIGNED_AT + MAX_CLOCK_SKEW_MS })).toMatchObject({ ok: true });
    expect(verifySigV4(request, { ...expected, now: SIGNED_AT + MAX_CLOCK_SKEW_MS + 1000 })).toMatchObject({
      ok: false,
      type: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature expired: 20240305T090407Z is now earlier than/),
    });
    expect(verifySigV4(request, { ...expected, now: SIGNED_AT - MAX_CLOCK_SKEW_MS - 1000 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Signature not yet current/),
    });
  });

  it('names a missing header, an unknown key, a session token and a foreign scope the way AWS does', async () => {
    const request = await signed();
    expect(verifySigV4(withHeader(request, 'authorization', undefined), expected)).toMatchObject({
      type: 'MissingAuthenticationTokenException',
    });
    expect(
      verifySigV4(request, { ...expected, credentials: { ...credentials, accessKeyId: 'AKIAOTHER' } }),
    ).toMatchObject({
      type: 'UnrecognizedClientException',
    });
    expect(verifySigV4(withHeader(request, 'x-amz-security-token', 'token'), expected)).toMatchObject({
      type: 'UnrecognizedClientException',
    });
    expect(verifySigV4(await signed({ region: 'eu-west-1' }), expected)).toMatchObject({
      type: 'InvalidSignatureException',
      message: expect.stringContaining('region'),
    });
    expect(verifySigV4(request, { ...expected, service: 'dynamodb' })).toMatchObject({
      message: expect.stringContaining('service'),
    });
  });

  it('answers IncompleteSignatureException for headers that are not a whole SigV4 signature', async () => {
    const request = await signed();
    const auth = request.headers.get('authorization')!;
    for (const broken of [
      'Bearer abc',
      auth.replace(/Signature=[0-9a-f]+/, 'Signature=xyz'),
      auth.replace(/, SignedHeaders=[^,]+/, ''),
      auth.replace(/Credential=[^,]+/, 'Credential=AKIALOCALIDPADMIN000/20240305'),
      `${auth}, Signature=${'0'.repeat(64)}`,
    ]) {
      expect(verifySigV4(withHeader(request, 'authorization', broken), expected), broken).toMatchObject({
        ok: false,
        type: 'IncompleteSignatureException',
      });
    }
    expect(verifySigV4(withHeader(request, 'x-amz-date', '20240230T000000Z'), expected)).toMatchObject({
      type: 'IncompleteSignatureException',
    });
  });

  it('requires host, x-amz-date and x-amz-target to be signed, and a declared payload hash to be true', async () => {
    const request = await signed();
    const auth = request.headers.get('authorization')!;
    const unsignedTarget = auth.replace(/;x-amz-target/, '');
    expect(verifySigV4(withHeader(request, 'authorization', unsignedTarget), expected)).toMatchObject({
      type: 'InvalidSignatureException',
      message: expect.stringContaining("'x-amz-target'"),
    });
    expect(verifySigV4(withHeader(request, 'x-amz-content-sha256', 'UNSIGNED-PAYLOAD'), expected)).toMatchObject({
      type: 'InvalidSignatureException',
      message: expect.stringContaining('x-amz-content-sha256'),
    });
  });
});

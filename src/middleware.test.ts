import { describe, expect, it } from 'vitest';
import { ConfigInvalid } from './errors.js';
import { cookieSealing, createAuthMiddleware } from './middleware.js';

const env = {
  COGNITO_USER_POOL_ID: 'us-east-1_AbC123',
  COGNITO_CLIENT_ID: 'client123',
  AUTH_COOKIE_SECRET: 'a-cookie-secret-of-at-least-32-characters',
};

describe('next-cognito-session/middleware', () => {
  it('refuses to start with a cookie secret but no sealer, naming the env var and the fix', () => {
    expect(() => createAuthMiddleware({ env })).toThrow(ConfigInvalid);
    expect(() => createAuthMiddleware({ env })).toThrow(/AUTH_COOKIE_SECRET.*sealing: cookieSealing/);
  });

  it('starts with the sealer, and without a secret needs none', () => {
    expect(createAuthMiddleware({ env, sealing: cookieSealing })).toBeTypeOf('function');
    const { AUTH_COOKIE_SECRET: _secret, ...unsealed } = env;
    expect(createAuthMiddleware({ env: unsealed }, { protect: ['/private'] })).toBeTypeOf('function');
  });

  it('validates config as the runner does', () => {
    expect(() => createAuthMiddleware({ env: { COGNITO_CLIENT_ID: 'abc' } })).toThrowError(
      new ConfigInvalid('next-cognito-session: COGNITO_USER_POOL_ID (config.userPoolId) is missing'),
    );
  });
});

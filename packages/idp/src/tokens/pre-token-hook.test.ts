import { describe, expect, it } from 'vitest';
import {
  applyClaimOverrides,
  applyScopeOverrides,
  invokePreTokenHook,
  type PreTokenGenerationEvent,
} from './pre-token-hook.js';

const event: PreTokenGenerationEvent = {
  version: '2',
  triggerSource: 'TokenGeneration_Authentication',
  region: 'us-east-1',
  userPoolId: 'us-east-1_X',
  userName: 'u',
  callerContext: { awsSdkVersion: 'x', clientId: 'c' },
  request: {
    userAttributes: {},
    groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
    scopes: [],
  },
  response: { claimsAndScopeOverrideDetails: null },
};

describe('pre token generation overrides', () => {
  it('suppresses before adding, so a claim can be replaced', () => {
    expect(
      applyClaimOverrides({ a: 1, b: 2 }, { claimsToSuppress: ['a', 'b'], claimsToAddOrOverride: { b: 3 } }),
    ).toEqual({ b: 3 });
  });

  it('suppresses scopes and adds new ones once', () => {
    expect(
      applyScopeOverrides(['openid', 'email'], { scopesToSuppress: ['email'], scopesToAdd: ['api/x', 'openid'] }),
    ).toEqual(['openid', 'api/x']);
  });

  it('accepts a hook that answers nothing', async () => {
    await expect(invokePreTokenHook((e) => e, event)).resolves.toBeNull();
  });

  it('names every reserved claim a hook touched', async () => {
    const hook = (e: PreTokenGenerationEvent) => ({
      ...e,
      response: {
        claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToSuppress: ['exp', 'client_id', 'fine'] } },
      },
    });
    await expect(invokePreTokenHook(hook, event)).rejects.toMatchObject({
      type: 'InvalidLambdaResponseException',
      message: expect.stringMatching(/access token claims exp, client_id are reserved/),
    });
  });

  it('refuses a malformed response', async () => {
    const hook = (e: PreTokenGenerationEvent) => ({
      ...e,
      response: { claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToSuppress: 'name' } } },
    });
    await expect(invokePreTokenHook(hook, event)).rejects.toMatchObject({ type: 'InvalidLambdaResponseException' });
  });
});

/**
 * Admin operations used to seed and shape test users. As in Cognito they are IAM-authorised:
 * the JSON API lets them run only with a SigV4 signature by the IdP's admin key pair
 * (http/admin-auth.ts; which operations are public is decided in ops/table.ts).
 */
import { randomBytes } from 'node:crypto';
import {
  adminAddUserToGroupRequestSchema,
  adminCreateUserRequestSchema,
  adminSetUserPasswordRequestSchema,
  createGroupRequestSchema,
} from '../http/requests.js';
import { assertPool, attributeList, defineOperation, toAttributeMap } from './operation.js';

/** Creates a FORCE_CHANGE_PASSWORD user: the first sign-in answers NEW_PASSWORD_REQUIRED. */
export const adminCreateUser = defineOperation({
  schema: adminCreateUserRequestSchema,
  async run(core, input) {
    assertPool(core, input.UserPoolId);
    const generated = input.TemporaryPassword === undefined;
    const password = input.TemporaryPassword ?? `Tmp-${randomBytes(6).toString('base64url')}1a!`;
    const user = await core.users.create({
      username: input.Username,
      password,
      attributes: toAttributeMap(input.UserAttributes),
      status: 'FORCE_CHANGE_PASSWORD',
      // IAM-authorized: no app client's WriteAttributes apply, and email_verified may be set.
      writer: { kind: 'admin' },
      // Generated temporary passwords skip the policy; operator-chosen ones are checked now, as
      // Cognito does.
      trusted: generated,
    });
    if (generated) core.deps.log(`AdminCreateUser ${user.username}: temporary password ${password}`);
    const seconds = (ms: number) => Math.floor(ms / 1000);
    return {
      User: {
        Username: user.username,
        Attributes: attributeList(user.attributes, user.sub),
        UserCreateDate: seconds(user.createdAt),
        UserLastModifiedDate: seconds(user.updatedAt),
        Enabled: user.enabled,
        UserStatus: user.status,
      },
    };
  },
});

export const adminSetUserPassword = defineOperation({
  schema: adminSetUserPasswordRequestSchema,
  async run(core, input) {
    assertPool(core, input.UserPoolId);
    await core.users.setPassword(input.Username, input.Password, { permanent: input.Permanent ?? false });
    return {};
  },
});

export const adminAddUserToGroup = defineOperation({
  schema: adminAddUserToGroupRequestSchema,
  async run(core, input) {
    assertPool(core, input.UserPoolId);
    await core.users.addToGroup(input.Username, input.GroupName);
    return {};
  },
});

export const createGroup = defineOperation({
  schema: createGroupRequestSchema,
  async run(core, input) {
    assertPool(core, input.UserPoolId);
    const group = await core.users.createGroup({
      name: input.GroupName,
      ...(input.Description !== undefined && { description: input.Description }),
      ...(input.Precedence !== undefined && { precedence: input.Precedence }),
    });
    return {
      Group: {
        GroupName: group.name,
        UserPoolId: core.deps.poolId,
        ...(group.description !== undefined && { Description: group.description }),
        ...(group.precedence !== undefined && { Precedence: group.precedence }),
      },
    };
  },
});

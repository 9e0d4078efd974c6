/**
 * Users and groups of the pool. Usernames are the users' e-mail addresses (the demo seed and
 * SignUp both use them), matched case-insensitively; a user can also be found by its `email`
 * attribute when the username differs, as with Cognito's e-mail alias.
 *
 * Because an e-mail finds its user, it belongs to one user only, as in a Cognito pool whose
 * username attribute is `email`: a new user whose `email` is another user's username or e-mail
 * is refused with "An account with the given email already exists." — a SignUp can never make
 * someone else's address sign in to (or confirm into) a different account. Every attribute write
 * passes the pool's schema (attribute-schema.ts) with the writer's rights.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { paddedHex } from 'next-cognito-session/protocol';
import { SALT_BYTES } from 'next-cognito-session/protocol';
import { CognitoError } from '../cognito-error.js';
import type { StateStore } from '../store/state-store.js';
import { userKey, type GroupRecord, type StateView, type UserRecord, type UserStatus } from '../store/state.js';
import type { AttributeSchema, AttributeWriter } from './attribute-schema.js';
import { assertPasswordPolicy, makeVerifier, passwordMatches, type SrpCredentials } from './passwords.js';
import { PasswordLockout } from './password-lockout.js';

const DECOY_NAME = 'decoy';

/** Cognito's CodeMismatchException message. */
export const CODE_MISMATCH = 'Invalid verification code provided, please try again.';

/** Cognito allows a handful of wrong confirmation codes, then answers LimitExceededException. */
const MAX_CODE_FAILURES = 5;

export interface NewUser {
  username: string;
  password: string;
  attributes?: Record<string, string>;
  /** Whose rights the attributes are written with (an app client's WriteAttributes, or admin). */
  writer: AttributeWriter;
  status: UserStatus;
  groups?: string[];
  sub?: string;
  /** Skip the password policy (seed users and operator-chosen test passwords). */
  trusted?: boolean;
}

/** SRP credentials to answer USER_SRP_AUTH with; `user` is missing for a decoy. */
export interface SrpIdentity {
  user?: UserRecord;
  userIdForSrp: string;
  srp: SrpCredentials;
}

export interface UserDirectoryDeps {
  store: StateStore;
  poolName: string;
  attributes: AttributeSchema;
  now: () => number;
  log: (line: string) => void;
}

export class UserDirectory {
  /**
   * Stands in for unknown users so they cost and look like known ones (Cognito's "prevent user
   * existence errors"): a verifier for a password nobody knows, and a key for stable fake salts.
   */
  private decoy?: Promise<{ saltKey: Buffer; srp: SrpCredentials }>;
  private readonly store: StateStore;
  private readonly poolName: string;
  private readonly attributes: AttributeSchema;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  /** Cognito's lockout after repeated wrong passwords; every password check goes through it. */
  private readonly lockout: PasswordLockout;

  constructor(deps: UserDirectoryDeps) {
    ({ store: this.store, poolName: this.poolName, attributes: this.attributes, now: this.now, log: this.log } = deps);
    this.lockout = new PasswordLockout(this.now);
  }

  find(nameOrEmail: string): UserRecord | undefined {
    const state = this.store.state;
    const direct = state.users.get(userKey(nameOrEmail));
    if (direct) return direct;
    const email = nameOrEmail.toLowerCase();
    for (const user of state.users.values()) if (user.attributes.email?.toLowerCase() === email) return user;
    return undefined;
  }

  require(nameOrEmail: string): UserRecord {
    const user = this.find(nameOrEmail);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  /** The user behind a password or a refresh token may sign in: it exists and is enabled. */
  requireActive(user: UserRecord | undefined): UserRecord {
    if (!user) throw new CognitoError('NotAuthorizedException', 'User does not exist.');
    if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    return user;
  }

  async create(input: NewUser): Promise<UserRecord> {
    if (this.find(input.username)) throw new CognitoError('UsernameExistsException', 'User already exists');
    const attributes = this.attributes.checkWrite(Object.entries(input.attributes ?? {}), input.writer);
    assertEmailFree(this.store.state, attributes.email);
    if (!input.trusted) assertPasswordPolicy(input.password);
    for (const group of input.groups ?? []) this.requireGroup(group);
    const srp = await makeVerifier(this.poolName, input.username, input.password);
    const now = this.now();
    const user: UserRecord = {
      username: input.username,
      sub: input.sub ?? crypto.randomUUID(),
      status: input.status,
      enabled: true,
      attributes,
      groups: [...(input.groups ?? [])],
      srp,
      ...(input.status === 'UNCONFIRMED' && { confirmationCode: newConfirmationCode() }),
      createdAt: now,
      updatedAt: now,
    };
    return this.store.mutate((state) => {
      // Re-checked inside the mutation: two concurrent SignUps must not both win.
      if (state.users.has(userKey(user.username)))
        throw new CognitoError('UsernameExistsException', 'User already exists');
      assertEmailFree(state, user.attributes.email);
      state.users.set(userKey(user.username), user);
      return user;
    });
  }

  /**
   * The user when the password is right; an unknown name costs the same SRP work. Throws
   * `Password attempts exceeded` while the name is locked out (see password-lockout.ts).
   */
  async authenticate(nameOrEmail: string, password: string): Promise<UserRecord | undefined> {
    const user = this.find(nameOrEmail);
    const ok = await this.attemptPassword(nameOrEmail, user, async () => {
      if (user) return this.checkPassword(user, password);
      await passwordMatches(this.poolName, DECOY_NAME, (await this.decoyCredentials()).srp, password);
      return false;
    });
    return ok ? user : undefined;
  }

  /**
   * One password check for `user` (or for the name, when nobody has it), under the lockout: the
   * SRP answer to PASSWORD_VERIFIER and `authenticate` both go through here.
   */
  attemptPassword(nameOrEmail: string, user: UserRecord | undefined, check: () => Promise<boolean>): Promise<boolean> {
    return this.lockout.attempt(userKey(user?.username ?? nameOrEmail), user !== undefined, check);
  }

  /**
   * The user's salt and verifier, or for an unknown name a decoy whose salt stays the same across
   * attempts (as a real user's does), so the PASSWORD_VERIFIER challenge reveals nothing.
   */
  async srpIdentity(nameOrEmail: string): Promise<SrpIdentity> {
    const user = this.find(nameOrEmail);
    if (user) return { user, userIdForSrp: user.username, srp: user.srp };
    const decoy = await this.decoyCredentials();
    const digest = createHmac('sha256', decoy.saltKey).update(userKey(nameOrEmail)).digest('hex');
    const salt = paddedHex(BigInt(`0x${digest.slice(0, SALT_BYTES * 2)}`));
    return { userIdForSrp: nameOrEmail, srp: { salt, verifier: decoy.srp.verifier } };
  }

  private decoyCredentials(): Promise<{ saltKey: Buffer; srp: SrpCredentials }> {
    this.decoy ??= makeVerifier(this.poolName, DECOY_NAME, randomBytes(32).toString('base64')).then((srp) => ({
      saltKey: randomBytes(32),
      srp,
    }));
    return this.decoy;
  }

  checkPassword(user: UserRecord, password: string): Promise<boolean> {
    return passwordMatches(this.poolName, user.username, user.srp, password);
  }

  async setPassword(
    username: string,
    password: string,
    options: { permanent: boolean; trusted?: boolean },
  ): Promise<void> {
    const user = this.require(username);
    if (!options.trusted) assertPasswordPolicy(password);
    const srp = await makeVerifier(this.poolName, user.username, password);
    await this.update(user.username, (u) => {
      u.srp = srp;
      u.status = options.permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    });
  }

  /**
   * The attributes a NEW_PASSWORD_REQUIRED answer may set for `username`, or Cognito's refusal.
   * Separate from `completeNewPassword` so the answer is validated before its session is spent.
   */
  checkAttributeUpdate(
    username: string,
    attributes: Iterable<readonly [string, string]>,
    writer: AttributeWriter,
  ): Record<string, string> {
    const user = this.require(username);
    const checked = this.attributes.checkWrite(attributes, writer, user.attributes);
    assertEmailFree(this.store.state, checked.email, user);
    return checked;
  }

  /**
   * Answers NEW_PASSWORD_REQUIRED in one write: new verifier, CONFIRMED, attributes. The caller
   * has already checked the policy and the attributes (before spending the challenge session).
   */
  async completeNewPassword(
    username: string,
    password: string,
    attributes: Record<string, string>,
  ): Promise<UserRecord> {
    const user = this.require(username);
    const srp = await makeVerifier(this.poolName, user.username, password);
    return this.update(user.username, (u) => {
      assertEmailFree(this.store.state, attributes.email, u);
      u.srp = srp;
      u.status = 'CONFIRMED';
      u.attributes = { ...u.attributes, ...attributes };
    });
  }

  async confirm(username: string, code: string): Promise<void> {
    const user = this.find(username);
    if (!user) throw new CognitoError('UserNotFoundException', 'Username/client id combination not found.');
    if (user.status !== 'UNCONFIRMED') {
      throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
    }
    if (user.confirmationCode !== undefined && codesMatch(user.confirmationCode, code)) {
      await this.update(user.username, (u) => {
        u.status = 'CONFIRMED';
        delete u.confirmationCode;
        delete u.confirmationFailures;
      });
      return;
    }
    let reissued: string | undefined;
    // Counted inside the mutation so concurrent guesses cannot share one count.
    await this.update(user.username, (u) => {
      const failures = (u.confirmationFailures ?? 0) + 1;
      if (failures < MAX_CODE_FAILURES) {
        u.confirmationFailures = failures;
        return;
      }
      reissued = u.confirmationCode = newConfirmationCode();
      delete u.confirmationFailures;
    });
    if (reissued !== undefined) {
      this.log(`ConfirmSignUp ${user.username}: too many wrong codes, new confirmation code ${reissued}`);
      throw new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
    }
    throw new CognitoError('CodeMismatchException', CODE_MISMATCH);
  }

  async addToGroup(username: string, groupName: string): Promise<void> {
    const user = this.require(username);
    this.requireGroup(groupName);
    if (user.groups.includes(groupName)) return;
    await this.update(user.username, (u) => {
      u.groups.push(groupName);
    });
  }

  async createGroup(group: GroupRecord): Promise<GroupRecord> {
    return this.store.mutate((state) => {
      if (state.groups.has(group.name))
        throw new CognitoError('GroupExistsException', 'A group with the name already exists.');
      state.groups.set(group.name, group);
      return group;
    });
  }

  private requireGroup(name: string): GroupRecord {
    const group = this.store.state.groups.get(name);
    if (!group) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
    return group;
  }

  private update(username: string, change: (user: UserRecord) => void): Promise<UserRecord> {
    return this.store.mutate((state) => {
      const user = state.users.get(userKey(username));
      if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
      change(user);
      user.updatedAt = this.now();
      return user;
    });
  }
}

/**
 * An e-mail finds its user (see `find`), so it may belong to one user only: not as another
 * user's username, not as another user's `email`.
 */
function assertEmailFree(state: StateView, email: string | undefined, self?: UserRecord): void {
  if (email === undefined) return;
  const wanted = email.toLowerCase();
  for (const user of state.users.values()) {
    if (self && user.username === self.username) continue;
    if (userKey(user.username) === wanted || user.attributes.email?.toLowerCase() === wanted) {
      throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
    }
  }
}

function newConfirmationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Constant-time, whatever the lengths: compares digests, not the strings themselves. */
function codesMatch(expected: string, given: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

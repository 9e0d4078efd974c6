'use server';
import { auth } from '../_lib/auth';

export type WhoAmI =
  | { ok: true; username: string; email?: string; accessTokenJti?: string; checkedAt: string }
  | { ok: false; code: string; message: string };

/** Reads the session inside a server action, where cookies() carries what the middleware forwarded. */
export async function whoAmI(): Promise<WhoAmI> {
  const state = await auth.getServerSessionState();
  if (state.status === 'error')
    return { ok: false, code: state.error.code, message: 'The session could not be checked right now.' };
  if (state.status === 'signedOut') return { ok: false, code: 'NotAuthenticated', message: 'Not signed in.' };
  const { user, tokens } = state.session;
  return {
    ok: true,
    username: user.username,
    ...(user.email ? { email: user.email } : {}),
    accessTokenJti: tokens.accessToken.payload.jti,
    checkedAt: new Date().toISOString(),
  };
}

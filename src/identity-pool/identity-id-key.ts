/**
 * Where Amplify keeps a guest's identity id: key `com.amplify.Cognito.<identityPoolId>.identityId`
 * in its key-value storage — a cookie of that name under `Amplify.configure(…, { ssr: true })`
 * (aws-amplify's `DefaultIdentityIdStore`). A signed-in user's id is never stored: Amplify keeps
 * it in memory and asks GetId again, and removes the guest's once the user has one. Writing the
 * same cookie means a guest keeps one identity whether the browser or the server asked first.
 */
export function guestIdentityIdKey(identityPoolId: string): string {
  return `com.amplify.Cognito.${identityPoolId}.identityId`;
}

/** `<region>:<uuid>`; anything else in that cookie is ignored, not sent to the IdP. */
export function isIdentityId(value: string): boolean {
  return /^[\w-]{1,50}:[0-9a-f-]{36}$/.test(value);
}

/**
 * An error the IdP answers with, in Cognito's wire shape: HTTP 400 (unless a fault knob says
 * otherwise) with `{"__type", "message"}` and `x-amzn-errortype`.
 */
export class CognitoError extends Error {
  constructor(
    /** Short Cognito exception name, e.g. `NotAuthorizedException`. */
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'CognitoError';
  }
}

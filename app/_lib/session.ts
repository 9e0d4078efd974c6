import { cache } from 'react';
import { auth } from './auth';

/**
 * The session state for this server render. The root layout and the page both need it; React's
 * `cache` makes them share one read (one cookie parse and verification) per request. Kept out
 * of auth.ts so the middleware, which imports that file, does not pull React in.
 */
export const serverSessionState = cache(() => auth.getServerSessionState());

import { auth } from '../../../_lib/auth';

// sign-in, sign-in-callback, sign-out, session, refresh — see README "Route handlers".
export const { GET, POST } = auth.routeHandlers();

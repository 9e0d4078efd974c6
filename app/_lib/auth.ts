import { createServerRunner } from 'next-cognito-session';
import { runnerOptions } from './auth-options';

/** One runner for the app's pages, route handlers and actions; the middleware has its own entry. */
export const auth = createServerRunner(runnerOptions);

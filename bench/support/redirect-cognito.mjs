/**
 * Preload (`node --import`) for the bench's `next start` processes only: requests to the origin
 * `BENCH_REDIRECT_FROM` (Cognito's regional AWS endpoint) go to `BENCH_REDIRECT_TO` (the local
 * IdP) with the same path — the IdP serves the JSON API at `/` and the JWKS at
 * `/<pool>/.well-known/jwks.json`, exactly where Cognito does.
 *
 * Amplify's token validator builds its aws-jwt-verify verifier from the pool id alone, so it
 * always fetches https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json; there
 * is no option to point it elsewhere. Redirecting the whole origin also lets Amplify run with its
 * production config (no `userPoolEndpoint`, which makes it log a warning on every request). Next's edge sandbox fetches through its own bundled undici,
 * but that copy and Node's share the process-wide global dispatcher (a well-known symbol on the
 * real globalThis), so wrapping the dispatcher reroutes both runtimes. On the node runtime
 * (proxy.ts) aws-jwt-verify fetches the JWKS with `https.request` instead of fetch, so that is
 * rerouted too. Every other request passes through untouched.
 */
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';

const from = process.env.BENCH_REDIRECT_FROM;
const to = process.env.BENCH_REDIRECT_TO;

if (from && to) {
  const source = new URL(from).origin;
  const target = new URL(to).origin;
  // A data: URL loads Node's undici (which installs the global dispatcher) without any I/O.
  await fetch('data:,x');
  const key = Symbol.for('undici.globalDispatcher.1');
  const inner = globalThis[key];
  if (!inner || typeof inner.dispatch !== 'function')
    throw new Error('redirect-cognito: no undici global dispatcher to wrap');
  let redirected = 0;
  const reroute = (options) => {
    if (String(options.origin).replace(/\/$/, '') !== source) return options;
    if (redirected++ === 0) process.stderr.write(`[bench] ${source} -> ${target}\n`);
    return { ...options, origin: target };
  };
  globalThis[key] = new Proxy(inner, {
    get(object, property) {
      if (property === 'dispatch') return (options, handler) => object.dispatch(reroute(options), handler);
      const value = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });

  // aws-jwt-verify's Node fetcher calls `https.request(uri, options, callback)` with a URL string.
  const httpsRequest = https.request;
  https.request = function request(input, options, callback) {
    const url = typeof input === 'string' || input instanceof URL ? new URL(input) : undefined;
    if (!url || url.origin !== source) return httpsRequest.apply(this, arguments);
    if (typeof options === 'function') return request(input, {}, options);
    if (redirected++ === 0) process.stderr.write(`[bench] ${source} -> ${target}\n`);
    const rerouted = new URL(`${url.pathname}${url.search}`, target);
    // An https Agent cannot carry a plain-http request to the local IdP.
    const { agent: _agent, ...rest } = options ?? {};
    return (rerouted.protocol === 'https:' ? httpsRequest : http.request)(rerouted, rest, callback);
  };
  syncBuiltinESMExports();
}

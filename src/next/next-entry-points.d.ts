/**
 * Next's entry points by the exact names Next's bundler knows them by.
 *
 * Next aliases `next/server`, `next/headers` and `next/navigation` per layer (a route handler
 * gets server-safe variants of navigation's contexts); `next/navigation.js` misses that alias and
 * fails the app's build ("Could not parse module … app-router-context.js"). The package has no
 * `exports` map, so under NodeNext — how this library compiles — the bare names do not resolve;
 * these declarations give them the types of the files they name. Apps' own tsconfig (bundler
 * resolution) resolves the names in our emitted .d.ts directly.
 */
declare module 'next/server' {
  export * from 'next/server.js';
}
declare module 'next/headers' {
  export * from 'next/headers.js';
}
declare module 'next/navigation' {
  export * from 'next/navigation.js';
}

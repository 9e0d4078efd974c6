/**
 * A browser's cookie store for Node tests: the `document.cookie` that js-cookie (and so Amplify's
 * `CookieStorage`, which `Amplify.configure(config, { ssr: true })` installs) reads and writes,
 * the Set-Cookie lines a server response delivers, and the Cookie header the browser sends back.
 *
 * @example
 *   const browser = new BrowserCookies();
 *   const uninstall = browser.installDocument();
 *   // … Amplify signs in, js-cookie writes document.cookie …
 *   const request = new Request('https://app.example/', { headers: { cookie: browser.cookieHeader() } });
 *   browser.receive(response.headers.getSetCookie());
 *
 * The RFC 6265 rules the session depends on, and nothing more: cookies are keyed by
 * name + Domain + Path (§5.3 step 11), a replaced cookie keeps its place in the order (creation
 * time), Max-Age wins over Expires and a past expiry deletes (§5.3 steps 3–4), scripts can neither
 * see nor overwrite HttpOnly cookies (§5.3 step 10, §5.4), and a Secure cookie is refused from an
 * insecure page. Values are kept as they came on the wire; decoding is the reader's business
 * (js-cookie decodes, Next's cookie parsers decode).
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  domain: string;
  expiresAt?: number;
  httpOnly: boolean;
  secure: boolean;
}

type Source = 'script' | 'http';

export class BrowserCookies {
  private readonly store = new Map<string, StoredCookie>();
  private readonly secureContext: boolean;
  private readonly now: () => number;

  /** `secureContext`: the page is https (default), so Secure cookies — Amplify's default — stick. */
  constructor(options: { secureContext?: boolean; now?: () => number } = {}) {
    this.secureContext = options.secureContext ?? true;
    this.now = options.now ?? Date.now;
  }

  /**
   * Makes `globalThis.document.cookie` this store, as js-cookie expects; returns the undo. The
   * document is otherwise an empty page: Amplify's framework detection (for its user agent)
   * queries it for Angular/React markers once a `document` exists.
   */
  installDocument(): () => void {
    const global = globalThis as { document?: unknown };
    const previous = global.document;
    const cookies = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the getter below has its own `this`
    global.document = {
      get cookie() {
        return cookies.visibleToScript();
      },
      set cookie(line: string) {
        cookies.accept(line, 'script');
      },
      querySelector: () => null,
      querySelectorAll: () => [],
    };
    return () => {
      if (previous === undefined) delete global.document;
      else global.document = previous;
    };
  }

  /** Applies a response's Set-Cookie lines (`response.headers.getSetCookie()`). */
  receive(setCookieLines: readonly string[]): void {
    for (const line of setCookieLines) this.accept(line, 'http');
  }

  /** The Cookie header for a request to `path`, HttpOnly cookies included. */
  cookieHeader(path = '/'): string {
    return this.live()
      .filter((cookie) => pathMatches(path, cookie.path))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  /** Raw wire value of a live cookie, or undefined. */
  get(name: string): string | undefined {
    return this.live().find((cookie) => cookie.name === name)?.value;
  }

  names(): string[] {
    return this.live().map((cookie) => cookie.name);
  }

  clear(): void {
    this.store.clear();
  }

  private visibleToScript(): string {
    return this.live()
      .filter((cookie) => !cookie.httpOnly)
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  private live(): StoredCookie[] {
    const now = this.now();
    for (const [key, cookie] of this.store) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) this.store.delete(key);
    }
    return [...this.store.values()];
  }

  private accept(line: string, source: Source): void {
    const parsed = parseSetCookie(line, this.now());
    if (!parsed) return;
    if (parsed.secure && !this.secureContext) return;
    if (source === 'script' && parsed.httpOnly) return;
    const key = `${parsed.name}\u0000${parsed.domain}\u0000${parsed.path}`;
    const existing = this.store.get(key);
    if (source === 'script' && existing?.httpOnly) return;
    if (parsed.expiresAt !== undefined && parsed.expiresAt <= this.now()) {
      this.store.delete(key);
      return;
    }
    // A replaced cookie keeps its creation-time place: Map.set on an existing key does that.
    this.store.set(key, parsed);
  }
}

function parseSetCookie(line: string, now: number): StoredCookie | null {
  const [pair = '', ...attributes] = line.split(';');
  const at = pair.indexOf('=');
  if (at <= 0) return null;
  const cookie: StoredCookie = {
    name: pair.slice(0, at).trim(),
    value: pair.slice(at + 1).trim(),
    path: '/',
    domain: '',
    httpOnly: false,
    secure: false,
  };
  let maxAgeAt: number | undefined;
  let expiresAt: number | undefined;
  for (const attribute of attributes) {
    const eq = attribute.indexOf('=');
    const key = (eq < 0 ? attribute : attribute.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : attribute.slice(eq + 1).trim();
    if (key === 'max-age' && /^-?\d+$/.test(value)) {
      const seconds = Number(value);
      maxAgeAt = seconds <= 0 ? Number.NEGATIVE_INFINITY : now + seconds * 1000;
    } else if (key === 'expires') {
      const date = Date.parse(value);
      if (Number.isFinite(date)) expiresAt = date;
    } else if (key === 'path' && value.startsWith('/')) {
      cookie.path = value;
    } else if (key === 'domain' && value) {
      cookie.domain = value.replace(/^\./, '').toLowerCase();
    } else if (key === 'secure') {
      cookie.secure = true;
    } else if (key === 'httponly') {
      cookie.httpOnly = true;
    }
  }
  const expiry = maxAgeAt ?? expiresAt;
  if (expiry !== undefined) cookie.expiresAt = expiry;
  return cookie;
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/**
 * The request path as protect rules see it: every spelling Next might route to the same page,
 * in segments, so a rule matches if ANY spelling does. Access must not depend on how the client
 * chose to write the path:
 *
 * - Next runs the middleware for a path when its matcher fits the raw OR the percent-decoded
 *   pathname, and dynamic segments receive decoded values (`/%61cme/settings` renders
 *   `[org]/settings` for org `acme`), while `request.nextUrl.pathname` stays raw. So both the raw
 *   and the decoded spelling are matched.
 * - Empty segments (`//`, a trailing `/`) are dropped: Next redirects them to the clean path.
 * - Letter case is folded (see path-pattern.ts).
 * - App Router transport forms are matched as the page they carry too: `<page>.rsc` and
 *   `<page>.segments/<segment>.segment.rsc` (Next's middleware matcher adds exactly these
 *   suffixes to every `matcher` source, next/dist/build/analysis/get-page-static-info.js;
 *   its adapter strips `.rsc` but not the `.segments/…` tail).
 *
 * Spellings are only ever added, never replaced, so each rule sees a superset of the paths
 * Next could route here.
 *
 * Paths longer than `MAX_MATCHED_PATH_LENGTH` are refused with `PathTooLong` (414) rather than
 * matched: that bounds the work a request can ask for, and refusing fails closed where skipping
 * the match would skip protection.
 *
 * @example
 *   requestPath('/%61dmin/Users/').spellings // [['%61dmin', 'users'], ['admin', 'users']]
 *   requestPath('/admin.rsc').spellings       // [['admin.rsc'], ['admin']]
 */
import { PathTooLong } from '../errors.js';

/**
 * Far above any route an app serves (browsers and CDNs cap whole URLs around 8 KB; CloudFront
 * at 8,192 bytes), and small enough that matching stays microseconds.
 */
export const MAX_MATCHED_PATH_LENGTH = 8192;

export interface RequestPath {
  readonly pathname: string;
  /** Segment lists, non-empty and lower-case: the path as sent first, then the other spellings. */
  readonly spellings: readonly (readonly string[])[];
}

export function requestPath(pathname: string): RequestPath {
  if (pathname.length > MAX_MATCHED_PATH_LENGTH) {
    throw new PathTooLong(
      `request path of ${pathname.length} characters is over the ${MAX_MATCHED_PATH_LENGTH} the middleware matches`,
    );
  }
  const raw = pathname.toLowerCase().split('/').filter(Boolean);
  const spellings = [raw];
  if (pathname.includes('%')) spellings.push(decodeSegments(pathname).toLowerCase().split('/').filter(Boolean));
  for (const spelling of spellings.slice()) {
    const page = pageOfTransportForm(spelling);
    if (page) spellings.push(...page);
  }
  return { pathname, spellings: spellings.length === 1 ? spellings : unique(spellings) };
}

/**
 * The page a transport form carries: `…/page.segments/…` and `…/page.rsc` → `…/page`, and
 * `/index.rsc` / `/index.segments/…` also → `/` (Next's name for the root's payload).
 */
function pageOfTransportForm(segments: readonly string[]): string[][] | undefined {
  const dir = segments.findIndex((segment) => segment.endsWith('.segments'));
  const at = dir !== -1 ? dir : segments.length - 1;
  const suffix = dir !== -1 ? '.segments' : '.rsc';
  if (at < 0 || !segments[at]!.endsWith(suffix)) return undefined;
  const page = [...segments.slice(0, at), segments[at]!.slice(0, -suffix.length)].filter(Boolean);
  return page.length === 1 && page[0] === 'index' ? [page, []] : [page];
}

function unique(spellings: readonly string[][]): string[][] {
  const seen = new Set<string>();
  return spellings.filter((segments) => {
    const key = segments.join('/');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Decoded segment by segment, so one malformed escape (`%E0%A4%A`) leaves only its own segment
 * raw — Next cannot decode that one either. Decoded `%2F` becomes a separator: over-matching, on
 * purpose.
 */
function decodeSegments(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

/**
 * fast-check generators of hostile Cookie headers around one genuine session: duplicates,
 * broken chunk sets, foreign generations, huge values, odd percent-encodings, odd names.
 * Entries are `[wireName, wireValue]`: values are put on the wire as generated, so malformed
 * escapes and quotes reach the parser untouched.
 */
import fc from 'fast-check';
import { chunkValue, encodeCookieName, lastAuthUserKey, tokenKey } from '../../../src/cookies';
import type { RealSession } from './hostile';

export type Entry = readonly [name: string, value: string];

export interface FuzzSessions {
  clientId: string;
  genuine: RealSession;
  /** A second genuine session of another user: its chunks are "another generation". */
  other: RealSession;
}

const ODD_VALUES = [
  '',
  '""',
  '"',
  '%',
  '%%',
  '%zz',
  '%FF%FE',
  '%C0%AF',
  '%E2%82',
  '%00',
  '%0D%0A',
  '\\',
  '\t',
  'undefined',
  'null',
  '[object Object]',
  '{}',
  '{"loginId":1}',
  '[',
  'NaN',
  '-1',
  '1e999',
  '3~abcd~',
  '2~deadbeef~',
  '1~00000000~',
  '999~ffffffff~x',
  '0~~',
  '~',
  '~~~',
  'a.b.c',
  '..',
  'eyJ.eyJ.x',
  '💥',
  'é',
  '\u0000',
  '\u2028',
];

const ODD_NAME_PARTS = [
  '@',
  '%40',
  '%',
  '%zz',
  '%2E',
  '.',
  '..',
  'é',
  '💥',
  '(',
  ')',
  '%28',
  ' ',
  '=',
  '$',
  '#',
  '\u00a0',
];

export function cookieArbitraries({ clientId, genuine, other }: FuzzSessions) {
  const name = (key: string) => encodeCookieName(key);
  const kinds = ['accessToken', 'idToken', 'refreshToken', 'signInDetails', 'clockDrift'] as const;
  const tokenName = (kind: string, user = genuine.username) => name(tokenKey(clientId, user, kind));
  const wire = (value: string) => encodeURIComponent(value);

  const genuineEntries: Entry[] = [
    [name(lastAuthUserKey(clientId)), wire(genuine.username)],
    [tokenName('accessToken'), wire(genuine.accessToken)],
    [tokenName('idToken'), wire(genuine.idToken)],
    [tokenName('refreshToken'), wire(genuine.refreshToken)],
  ];

  const anyText = fc.oneof(
    fc.constantFrom(...ODD_VALUES),
    fc.string({ maxLength: 40, unit: 'grapheme' }),
    fc.string({ maxLength: 40, unit: 'binary' }),
  );
  const hugeValue = fc
    .tuple(fc.integer({ min: 4_000, max: 40_000 }), fc.constantFrom('A', '%41', 'é', '~', '.'))
    .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

  /** Chunks of a token: genuine pieces, pieces of another write, or pieces with bad headers. */
  const chunkEntries = fc
    .tuple(
      fc.constantFrom('accessToken', 'idToken', 'refreshToken'),
      fc.constantFrom(150, 300, 700),
      fc.constantFrom('genuine', 'other', 'mixed', 'gap', 'beyond', 'badHeader', 'withPlain'),
    )
    .map(([kind, size, shape]): Entry[] => {
      const key = tokenKey(clientId, genuine.username, kind);
      const own = chunkValue(key, genuine[kind], size);
      const foreign = chunkValue(key, other[kind], size);
      const asEntries = (pairs: { name: string; value: string }[]) =>
        pairs.map((p): Entry => [name(p.name), wire(p.value)]);
      switch (shape) {
        case 'genuine':
          return asEntries(own);
        case 'other':
          return asEntries(foreign);
        case 'mixed':
          return asEntries(own.map((pair, i) => (i % 2 === 1 && foreign[i] ? foreign[i]! : pair)));
        case 'gap':
          return asEntries(own.filter((_, i) => i !== 1));
        case 'beyond':
          return asEntries([...own, { name: `${key}.${own.length}`, value: 'leftover' }]);
        case 'badHeader':
          return asEntries([{ name: `${key}.0`, value: `3~abcd~${own[0]!.value}` }, ...own.slice(1)]);
        case 'withPlain':
          return [...asEntries(own), [name(key), wire(`plain-${kind}`)]];
      }
    });

  const hostileEntry: fc.Arbitrary<Entry[]> = fc.oneof(
    // A genuine cookie again, with another value: neither copy may be chosen (CookieCorrupt).
    fc.tuple(fc.constantFrom(...genuineEntries), anyText).map(([[n], v]) => [[n, v] as Entry]),
    // LastAuthUser pointing at someone else, including names with @, %, unicode.
    fc
      .tuple(anyText, fc.constantFrom(...ODD_NAME_PARTS))
      .map(([user, part]) => [[name(lastAuthUserKey(clientId)), wire(user + part)] as Entry]),
    // Tokens filed under another username (with or without LastAuthUser naming them).
    fc
      .tuple(
        fc.constantFrom(...kinds),
        fc.constantFrom(...ODD_NAME_PARTS, other.username),
        fc.oneof(anyText, fc.constant(other.accessToken)),
        fc.boolean(),
      )
      .map(([kind, user, value, raw]) => [
        [
          raw ? `CognitoIdentityServiceProvider.${clientId}.${user}.${kind}` : tokenName(kind, user),
          raw ? value : wire(value),
        ] as Entry,
      ]),
    // A genuine token in the wrong slot or an odd value in a right one, sometimes raw on the wire.
    fc
      .tuple(
        fc.constantFrom(...kinds),
        fc.oneof(anyText, fc.constantFrom(genuine.accessToken, genuine.idToken, other.idToken)),
        fc.boolean(),
      )
      .map(([kind, value, raw]) => [[tokenName(kind), raw ? value : wire(value)] as Entry]),
    fc
      .tuple(fc.constantFrom('accessToken', 'idToken', 'refreshToken'), hugeValue)
      .map(([kind, value]) => [[tokenName(kind), value] as Entry]),
    chunkEntries,
    // Junk names: prefixes of ours, odd bytes, separators.
    fc
      .tuple(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.constantFrom(...ODD_NAME_PARTS),
          fc.constant(`CognitoIdentityServiceProvider.${clientId}.`),
        ),
        anyText,
      )
      .map(([n, v]) => [[n, v] as Entry]),
  );

  const separator = fc.constantFrom('; ', ';', ' ; ', ';;', ', ');

  /**
   * The full session with one token's value replaced in place: an odd value as the only copy of
   * its name reaches the verifier (a second copy would be refused before it).
   */
  const replacedToken = fc
    .tuple(
      fc.nat(),
      fc.oneof(anyText, hugeValue, fc.constantFrom(genuine.idToken, other.accessToken, other.idToken)),
      fc.boolean(),
    )
    .map(([at, value, raw]) => {
      const slot = 1 + (at % (genuineEntries.length - 1));
      return genuineEntries.map(([n, v], i): Entry[] => [[n, i === slot ? (raw ? value : wire(value)) : v]]);
    });

  /**
   * A random mix of genuine and hostile entries, the full session with hostile ones spliced in,
   * or the full session with one token replaced.
   */
  const header = fc
    .tuple(
      fc.oneof(
        replacedToken,
        fc.array(
          fc.oneof(
            { arbitrary: fc.constantFrom(...genuineEntries).map((e) => [e]), weight: 3 },
            { arbitrary: hostileEntry, weight: 2 },
          ),
          { maxLength: 12 },
        ),
        fc
          .tuple(
            fc.array(hostileEntry, { minLength: 1, maxLength: 4 }),
            fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
          )
          .map(([hostile, positions]) => {
            const list: Entry[][] = genuineEntries.map((e) => [e]);
            hostile.forEach((entries, i) =>
              list.splice(positions[i % positions.length]! % (list.length + 1), 0, entries),
            );
            return list;
          }),
      ),
      separator,
    )
    .map(([groups, sep]) =>
      groups
        .flat()
        .map(([n, v]) => `${n}=${v}`)
        .join(sep),
    );

  return { header, genuineEntries };
}

/** A Cookie header undici will send: UTF-8 bytes as latin-1, control characters other than tab dropped. */
export function toByteString(header: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters undici refuses
  const refused = /[\u0000-\u0008\u000a-\u001f\u007f]/g;
  return Buffer.from(header, 'utf8').toString('latin1').replace(refused, '');
}

import { describe, expect, it } from 'vitest';
import { MAX_MATCHED_PATH_LENGTH, requestPath } from './request-path.js';

describe('requestPath', () => {
  it.each([
    ['/dashboard', [['dashboard']]],
    ['/', [[]]],
    ['/Admin//Users/', [['admin', 'users']]],
    [
      '/%61dmin/42',
      [
        ['%61dmin', '42'],
        ['admin', '42'],
      ],
    ],
    ['/admin%2F42', [['admin%2f42'], ['admin', '42']]],
    [
      '/admin/%E0%A4%A/x%41',
      [
        ['admin', '%e0%a4%a', 'x%41'],
        ['admin', '%e0%a4%a', 'xa'],
      ],
    ],
    ['/admin.rsc', [['admin.rsc'], ['admin']]],
    [
      '/admin/42.segments/_tree.segment',
      [
        ['admin', '42.segments', '_tree.segment'],
        ['admin', '42'],
      ],
    ],
    ['/index.segments/__PAGE__.segment', [['index.segments', '__page__.segment'], ['index'], []]],
  ])('%s → %j', (pathname, spellings) => {
    expect(requestPath(pathname).spellings).toEqual(spellings);
  });

  it('matches paths up to the bound and refuses longer ones with PathTooLong (414)', () => {
    expect(requestPath(`/${'a'.repeat(MAX_MATCHED_PATH_LENGTH - 1)}`).spellings).toHaveLength(1);
    expect(() => requestPath(`/${'a'.repeat(MAX_MATCHED_PATH_LENGTH)}`)).toThrow(
      expect.objectContaining({ code: 'PathTooLong', status: 414 }),
    );
  });
});

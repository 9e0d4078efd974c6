/**
 * The TIMESTAMP of a PASSWORD_VERIFIER response: "ddd MMM D HH:mm:ss UTC YYYY" in UTC, e.g.
 * "Tue Mar 5 09:04:07 UTC 2024". The day of month is NOT zero-padded (Amplify's getNowString and
 * the older Cognito SDKs write it that way); Cognito also accepts "05", so the parser does too.
 */
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const two = (n: number): string => String(n).padStart(2, '0');

export function formatSrpTimestamp(date: Date): string {
  const weekday = WEEKDAYS[date.getUTCDay()];
  const month = MONTHS[date.getUTCMonth()];
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${weekday} ${month} ${date.getUTCDate()} ${time} UTC ${date.getUTCFullYear()}`;
}

const PATTERN = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/;

/**
 * The instant a timestamp names, or `null` when it is malformed or names no real date
 * (Feb 30, hour 24, a weekday that does not match the date).
 */
export function parseSrpTimestamp(timestamp: string): Date | null {
  const match = PATTERN.exec(timestamp);
  if (!match) return null;
  const [, weekdayName, monthName, dayText, hh, mm, ss, yyyy] = match;
  const month = MONTHS.indexOf(monthName as (typeof MONTHS)[number]);
  if (month < 0) return null;
  const [day, hours, minutes, seconds, year] = [dayText, hh, mm, ss, yyyy].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month, day, hours, minutes, seconds));
  const roundTrips =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hours &&
    date.getUTCMinutes() === minutes &&
    date.getUTCSeconds() === seconds &&
    WEEKDAYS[date.getUTCDay()] === weekdayName;
  return roundTrips ? date : null;
}

/**
 * True when `timestamp` is well-formed and, if `options.now` is given, within `maxSkewMs`
 * (default 5 minutes) of it — the window keeps a captured claim from being replayed later.
 */
export function isValidSrpTimestamp(timestamp: string, options: { now?: Date; maxSkewMs?: number } = {}): boolean {
  const date = parseSrpTimestamp(timestamp);
  if (!date) return false;
  if (!options.now) return true;
  return Math.abs(date.getTime() - options.now.getTime()) <= (options.maxSkewMs ?? 5 * 60_000);
}

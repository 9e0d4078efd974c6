/**
 * How every test here starts Chromium: Debian's binary (Playwright cannot download its own on
 * these machines), and the switches that keep it from reaching for Google's hosts at start — on a
 * closed network those connections are refused, many at a time, and slow every launch.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

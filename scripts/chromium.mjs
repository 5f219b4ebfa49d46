// Debian's Chromium (playwright-core drives it: a test tool's own browser download fails
// here), headless, launched alike by the page tests, the environment matrix and the
// cold-start benchmark.
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The options of `chromium.launch()`. */
export const CHROMIUM_LAUNCH = {
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
};

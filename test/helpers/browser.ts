/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser).
 * Without Chromium the browser tests skip with a one-line notice, so `npm test`
 * passes on a fresh machine; GATECHECK_REQUIRE_BROWSER=1 (set by .ci/run) makes a
 * missing browser a failure instead, so CI cannot skip them silently.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when the browser tests can run; otherwise prints why they are skipped (once per file). */
export function chromiumAvailable(file: string): boolean {
  if (existsSync(CHROMIUM) || process.env.GATECHECK_REQUIRE_BROWSER === '1') return true;
  process.stderr.write(
    `${file}: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)\n`,
  );
  return false;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install chromium (.ci/run installs it), or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

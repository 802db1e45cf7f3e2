import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium: Playwright's own browser download cannot work on our machines. The
 * background-networking flags keep Chromium from dialling out on a closed network.
 */
export function debianChromium(extraArgs: readonly string[] = []): LaunchOptions {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  };
}

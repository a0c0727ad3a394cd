import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import type { BrowserContext } from 'playwright-core';
import { chromium as playwright } from 'playwright-core';

/** Flags that run Chromium headless as root on a machine with no GPU, display or outside network. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface FreshBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium in a fresh profile (a new, empty --user-data-dir), as a first-time visitor
 * has it: no stored tabs, headers or tokens. The browser is the one `npm install` brings with
 * `@sparticuz/chromium` (unpacked into the temp folder on first use); none is downloaded at run
 * time. A browser that cannot start fails the test with the reason, never skips it.
 */
export async function openFreshBrowser(): Promise<FreshBrowser> {
  let executablePath: string;
  try {
    executablePath = await chromium.executablePath();
  } catch (error) {
    throw new Error(
      `Expected the Chromium of @sparticuz/chromium (installed by npm install in tests/): ${String(error)}`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'registry-chromium-'));
  let context: BrowserContext;
  try {
    context = await playwright.launchPersistentContext(profile, {
      executablePath,
      args: FLAGS,
      headless: true,
      viewport: { width: 1400, height: 900 },
      locale: 'ru-RU',
      acceptDownloads: true,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw new Error(`Expected headless Chromium to start from ${executablePath}: ${String(error)}`);
  }
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type ElementHandle, type Page } from 'puppeteer-core';
import { findButton, found, selectField, type EnginePage, type EngineSession } from './driver';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Debian's Firefox ESR, headless, on a fresh profile, driven by puppeteer-core over WebDriver BiDi (no browser download). */
export async function launchFirefox(viewport = { width: 1400, height: 1000 }): Promise<EngineSession> {
  const profile = mkdtempSync(join(tmpdir(), 'e2e-firefox-'));
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true, userDataDir: profile, defaultViewport: viewport });
  const tab: Page = (await browser.pages())[0] ?? (await browser.newPage());
  const element = async (fn: (name: string) => Element | string, name: string): Promise<ElementHandle<Element>> => {
    const handle = await tab.evaluateHandle(fn, name);
    const el = handle.asElement() as ElementHandle<Element> | null;
    return el ?? (found((await handle.jsonValue()) as string) as never);
  };
  const page: EnginePage = {
    goto: async (url) => void (await tab.goto(url)),
    reload: async () => void (await tab.reload()),
    run: (fn, ...args) => tab.evaluate(fn as (...a: unknown[]) => never, ...args),
    async click(name) {
      await (await element(findButton, name)).click();
    },
    async fill(label, value) {
      await element(selectField, label);
      await tab.keyboard.type(value);
    },
    screenshot: async (path) => void (await tab.screenshot({ path: path as `${string}.png` })),
  };
  return {
    version: `Firefox ${(await browser.version()).replace(/^firefox\//i, '')}`,
    page,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

import { launchChromium } from '../harness';
import { findButton, found, selectField, type EnginePage, type EngineSession } from './driver';

/** Debian's Chromium through playwright-core, behind the same interface as the other engines (for measurements across engines). */
export async function launchChromiumSession(viewport = { width: 1400, height: 1000 }): Promise<EngineSession> {
  const browser = await launchChromium();
  const tab = await browser.newPage({ viewport });
  const element = async (fn: (name: string) => Element | string, name: string) => {
    const handle = await tab.evaluateHandle(fn, name);
    const el = handle.asElement();
    return el ?? (found(String(await handle.jsonValue())) as never);
  };
  const page: EnginePage = {
    goto: async (url) => void (await tab.goto(url)),
    reload: async () => void (await tab.reload()),
    // playwright passes one argument; every in-page function here takes at most one.
    run: (fn, ...args) => {
      if (args.length > 1) throw new Error('run() in Chromium takes at most one argument');
      return tab.evaluate(fn as unknown as (arg: unknown) => never, args[0]);
    },
    async click(name) {
      await (await element(findButton, name)).click();
    },
    async fill(label, value) {
      await element(selectField, label);
      await tab.keyboard.type(value);
    },
    screenshot: async (path) => void (await tab.screenshot({ path })),
  };
  return { version: `Chromium ${browser.version()}`, page, close: () => browser.close() };
}

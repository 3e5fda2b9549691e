import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Builder, WebElement, type WebDriver } from 'selenium-webdriver';
import { findButton, found, selectField, type EnginePage, type EngineSession } from './driver';

/** The browser WebKitWebDriver drives: WebKitGTK's MiniBrowser (package webkit2gtk-driver pulls it in). */
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';

const freePort = () =>
  new Promise<number>((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });

/** Starts a virtual X display (Xvfb picks a free number and writes it to fd 3). */
function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  return new Promise((done, fail) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1400x1000x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    xvfb.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    xvfb.once('error', fail);
    xvfb.once('exit', (code) => fail(new Error(`Xvfb exited (${code}): ${stderr.trim()}`)));
    xvfb.stdio[3]!.once('data', (d: Buffer) => done({ display: `:${d.toString().trim()}`, process: xvfb }));
  });
}

async function waitForDriver(url: string, driver: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
    const ready = await fetch(`${url}/status`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`WebKitWebDriver did not answer at ${url}`);
}

/**
 * Without a GPU, WebKitGTK's accelerated compositing runs on Mesa's llvmpipe (software OpenGL):
 * measured here, it and the busier main thread took most of 2 cores while the app trained, and
 * training ran at 1,587 samples/s against 4,616 with it off (`npm run bench:engines`). Off by
 * default, as a machine without a GPU is best run; WEBKIT_COMPOSITING=1 keeps it on.
 */
const compositingEnv = (): Record<string, string> => (process.env.WEBKIT_COMPOSITING === '1' ? {} : { WEBKIT_DISABLE_COMPOSITING_MODE: '1' });

/** How the session renders, for reports. */
export const webkitCompositing = () => (process.env.WEBKIT_COMPOSITING === '1' ? 'compositing on (llvmpipe)' : 'compositing off');

const kill = (child: ChildProcess | undefined) =>
  new Promise<void>((done) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

/**
 * WebKitGTK (the engine family of Safari) in its MiniBrowser on a private Xvfb display, driven by
 * selenium-webdriver through WebKitWebDriver. Each session starts with a fresh, ephemeral profile.
 */
export async function launchWebKit(viewport = { width: 1400, height: 1000 }): Promise<EngineSession> {
  for (const path of [MINIBROWSER_PATH, WEBKIT_DRIVER_PATH])
    if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install webkit2gtk-driver xvfb`);
  const xvfb = await startXvfb();
  let driverProcess: ChildProcess | undefined;
  let driver: WebDriver | undefined;
  try {
    const port = await freePort();
    driverProcess = spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], { env: { ...process.env, DISPLAY: xvfb.display, ...compositingEnv() }, stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    await waitForDriver(url, driverProcess);
    driver = await new Builder()
      .usingServer(url)
      .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] } })
      .build();
    await driver
      .manage()
      .window()
      .setRect({ x: 0, y: 0, ...viewport });
    // In-page functions may await a whole training run (the bench); selenium's default is 30 s.
    await driver.manage().setTimeouts({ script: 600_000 });
  } catch (error) {
    await driver?.quit().catch(() => undefined);
    await kill(driverProcess);
    await kill(xvfb.process);
    throw error;
  }
  const wd = driver;
  const element = async (fn: (name: string) => Element | string, name: string): Promise<WebElement> => {
    const result: unknown = await wd.executeScript(fn, name);
    if (result instanceof WebElement) return result;
    return found(String(result)) as never;
  };
  const page: EnginePage = {
    goto: (url) => wd.get(url),
    reload: () => wd.navigate().refresh(),
    run: (fn, ...args) => wd.executeScript(`return (${fn.toString()}).apply(null, arguments);`, ...args),
    async click(name) {
      await (await element(findButton, name)).click();
    },
    async fill(label, value) {
      // Focused with its text selected, so the keys replace the text (an unfocused field would get the caret at its end).
      await (await element(selectField, label)).sendKeys(value);
    },
    async screenshot(path) {
      writeFileSync(path, Buffer.from(await wd.takeScreenshot(), 'base64'));
    },
  };
  const caps = await wd.getCapabilities();
  return {
    version: `WebKitGTK ${String(caps.get('browserVersion') ?? '?')} (${webkitCompositing()})`,
    page,
    async close() {
      await wd.quit().catch(() => undefined);
      await kill(driverProcess);
      await kill(xvfb.process);
    },
  };
}

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** The built site under test: dist/, or `E2E_DIST` (so a build elsewhere can be tested while dist/ is in use). */
export const DIST = process.env.E2E_DIST ? resolve(process.env.E2E_DIST) : resolve(import.meta.dirname, '../../dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built site (`dist/` unless `root` says otherwise) on 127.0.0.1, as any static host
 * would, under `prefix` (e.g. "/batchnorm/"). `override` can replace a response, to simulate a broken host.
 */
export async function serveDist(
  options: {
    root?: string;
    prefix?: string;
    override?: (path: string) => { status: number; body: Buffer } | null;
    /** Sent with every file served (e.g. the headers that make a page cross-origin isolated). */
    headers?: Record<string, string>;
  } = {},
): Promise<StaticServer> {
  const root = options.root ?? DIST;
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root} has no index.html: build it first (npm run build)`);
  const prefix = options.prefix ?? '/';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('not found');
      return;
    }
    const rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const replaced = options.override?.(rel);
    if (replaced) {
      res.writeHead(replaced.status, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' }).end(replaced.body);
      return;
    }
    const file = normalize(join(root, rel));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      ...options.headers,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': statSync(file).size,
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** Flags that work here headless as root, with WebGL2 through SwiftShader (see README, Testing). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Every page of `browser` reports CSP violations as console errors (REPORT_CSP_VIOLATIONS), from
 * its first document on: the init script is added to each new context and awaited before the
 * context is handed out (a page's own `addInitScript` could lose the race with its first `goto`).
 * `newPage` keeps its meaning: a page in a context of its own, closed with the page.
 */
function reportingCsp(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.addInitScript(REPORT_CSP_VIOLATIONS);
    return context;
  };
  browser.newPage = async (options) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.once('close', () => void context.close().catch(() => undefined));
    return page;
  };
  return browser;
}

/** Debian's Chromium, headless, with a fresh profile (playwright makes one per launch). */
export async function launchChromium(): Promise<Browser> {
  return reportingCsp(await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS }));
}

/**
 * Chromium as it sets itself up on a machine without a GPU: no WebGL, and the page rasterised and
 * composited on the CPU. With the SwiftShader flags Chromium treats SwiftShader as a GPU for
 * everything, the page's own drawing included, which no visitor's browser does.
 */
export async function launchChromiumWithoutGpu(): Promise<Browser> {
  return reportingCsp(await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS.filter((a) => !a.includes('swiftshader')) }));
}

/**
 * Runs in every document before its own scripts: turns each Content-Security-Policy violation into
 * a console error, so a blocked `eval` probe that a library catches and swallows still fails a test.
 */
export const REPORT_CSP_VIOLATIONS = `addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`;

/**
 * Collects uncaught page errors and console errors (CSP violations among them, in pages of
 * `launchChromium`), for tests to assert there were none.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  return errors;
}

export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results');

export interface AppSession {
  readonly server: StaticServer;
  readonly browser: Browser;
  /** A new page on the app, with its errors collected. */
  open(viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
}

/** For a test file: serves dist/ and starts Chromium before its tests, and closes both after. */
export function useApp(): AppSession {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await serveDist();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const session: AppSession = {
    get server() {
      if (!server) throw new Error('server not started');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('browser not started');
      return browser;
    },
    async open(viewport = { width: 1400, height: 1000 }) {
      const page = await session.browser.newPage({ viewport });
      const errors = watchErrors(page);
      await page.goto(session.server.url);
      return { page, errors };
    },
  };
  return session;
}

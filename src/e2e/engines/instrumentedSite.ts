import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeServiceWorker } from '../../../vite.config';
import { DIST } from '../harness';
import type { EnginePage } from './driver';

/**
 * Loaded before the app's own scripts (a same-origin file, as the page's CSP requires), in pages
 * of engines whose WebDriver client cannot add an init script: records console errors, uncaught
 * errors, rejected promises and CSP violations; and takes the file each download link would save
 * (name, type, size, first bytes and text), instead of handing it to the browser's save dialog.
 */
const HOOK = `(() => {
  const record = (window.__e2e = { errors: [], downloads: [] });
  const text = (v) => (v instanceof Error ? v.stack || v.message : String(v));
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    record.errors.push('console: ' + args.map(text).join(' '));
    consoleError(...args);
  };
  addEventListener('error', (e) => record.errors.push('error: ' + e.message + ' at ' + e.filename + ':' + e.lineno));
  addEventListener('unhandledrejection', (e) => record.errors.push('unhandled rejection: ' + text(e.reason)));
  addEventListener('securitypolicyviolation', (e) => record.errors.push('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
  // The page's CSP has no blob: in connect-src, so the file is taken from the Blob itself, not fetched back.
  const blobs = new Map();
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (object) => {
    const url = createObjectURL(object);
    blobs.set(url, object);
    return url;
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    const blob = blobs.get(this.href);
    if (!this.download || !blob) return click.call(this);
    const entry = { name: this.download, pending: true };
    record.downloads.push(entry);
    blob.arrayBuffer().then((buffer) => {
      const bytes = new Uint8Array(buffer);
      Object.assign(entry, { type: blob.type, size: blob.size, head: Array.from(bytes.subarray(0, 8)), text: blob.type.startsWith('image/') ? '' : new TextDecoder().decode(bytes), pending: false });
    }, (e) => Object.assign(entry, { error: text(e), pending: false }));
  };
})();
`;

export const HOOK_FILE = 'e2e-hook.js';

export interface CapturedDownload {
  name: string;
  pending: boolean;
  type?: string;
  size?: number;
  head?: number[];
  text?: string;
  error?: string;
}

/**
 * A copy of the built site (dist/) whose index.html loads the hook first, with sw.js rewritten
 * for it exactly as the build writes it (the service worker checks every file's hash). Returns
 * the folder and a function that deletes it.
 */
export async function instrumentedSite(): Promise<{ root: string; remove(): void }> {
  const root = mkdtempSync(join(tmpdir(), 'e2e-site-'));
  cpSync(DIST, root, { recursive: true });
  writeFileSync(join(root, HOOK_FILE), HOOK);
  const index = join(root, 'index.html');
  const html = readFileSync(index, 'utf8');
  // Right after the CSP meta tag: before any of the app's scripts.
  const withHook = html.replace(/(<meta http-equiv="Content-Security-Policy"[^>]*>)/, `$1\n    <script src="./${HOOK_FILE}"></script>`);
  if (withHook === html) throw new Error('dist/index.html has no Content-Security-Policy meta tag to put the hook after');
  writeFileSync(index, withHook);
  await writeServiceWorker(root);
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** What the hook recorded in the current document (errors since it loaded, downloads taken). */
export const hooked = (page: EnginePage) =>
  page.run(() => {
    const r = (window as unknown as { __e2e?: { errors: string[]; downloads: CapturedDownload[] } }).__e2e;
    return r ? { errors: [...r.errors], downloads: r.downloads.map((d) => ({ ...d })) } : null;
  });

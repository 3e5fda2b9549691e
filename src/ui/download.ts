/**
 * Saving files from the page: a temporary `<a download>` pointing at an object URL, the one way
 * that works in every browser without a server. Only `'self'`/`blob:` URLs are involved, which the
 * page's CSP allows.
 */

/**
 * How long an object URL outlives its click. Revoking at once can cancel the download in some
 * browsers (FileSaver.js waits 40 s for the same reason); the blob is freed when it is revoked.
 */
export const REVOKE_AFTER_MS = 40_000;

/** Characters no common file system accepts in a name (Windows is the strictest), and controls. */
const UNSAFE = /[<>:"/\\|?*\p{Cc}]+/gu;
/** Names Windows reserves for devices, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_LENGTH = 120;

/**
 * `name` as a file name that every OS accepts: unsafe characters become "-", whitespace is
 * collapsed, leading and trailing dots and spaces go, and it is cut to 120 characters keeping the
 * extension. Empty or reserved names get a fallback. Idempotent.
 */
export function safeFilename(name: string, fallback = 'download'): string {
  let s = name
    .replace(UNSAFE, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (s.length > MAX_LENGTH) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
    s = s.slice(0, MAX_LENGTH - ext.length).replace(/[\s.]+$/, '') + ext;
  }
  if (s === '') return fallback;
  return RESERVED.test(s) ? `_${s}` : s;
}

/** Saves `blob` as `filename` (made safe). Side effects: a click on a detached-after-use link. */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFilename(filename);
  a.rel = 'noopener';
  a.style.display = 'none';
  // Firefox only follows links that are in the document.
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}

/** Saves `text` as a UTF-8 file, e.g. `downloadText('runs.json', json, 'application/json')`. */
export function downloadText(filename: string, text: string, mime: string): void {
  downloadBlob(filename, new Blob([text], { type: mime.includes('charset') ? mime : `${mime};charset=utf-8` }));
}

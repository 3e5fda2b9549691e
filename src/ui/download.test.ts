// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { downloadBlob, downloadText, REVOKE_AFTER_MS, safeFilename } from './download';

describe('safeFilename', () => {
  it.each([
    ['runs.json', 'runs.json'],
    ['Adam: BN / lr=1e-3?.png', 'Adam- BN - lr=1e-3-.png'],
    ['a\nb\tc  d', 'a-b-c d'],
    ['..hidden. ', 'hidden'],
    ['<script>', '-script-'],
    ['', 'download'],
    ['...', 'download'],
    ['CON', '_CON'],
    ['nul.csv', '_nul.csv'],
    ['console.csv', 'console.csv'],
  ])('%j → %j', (name, safe) => {
    expect(safeFilename(name)).toBe(safe);
    expect(safeFilename(safe)).toBe(safe);
  });

  it('cuts long names and keeps the extension', () => {
    const s = safeFilename(`${'x'.repeat(300)}.csv`);
    expect(s).toHaveLength(120);
    expect(s.endsWith('xx.csv')).toBe(true);
  });
});

describe('downloadBlob', () => {
  const created: Blob[] = [];
  const revoked: string[] = [];
  const clicked: { href: string; download: string; inDocument: boolean }[] = [];

  beforeEach(() => {
    vi.useFakeTimers();
    // jsdom has no object URLs and cannot navigate; record instead.
    URL.createObjectURL = (blob: Blob) => (created.push(blob), `blob:test/${created.length}`);
    URL.revokeObjectURL = (url: string) => void revoked.push(url);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download, inDocument: this.isConnected });
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    created.length = revoked.length = clicked.length = 0;
  });

  it('clicks a temporary link to an object URL, removes it, and revokes the URL later', () => {
    downloadBlob('my run?.png', new Blob(['x'], { type: 'image/png' }));
    expect(clicked).toEqual([{ href: 'blob:test/1', download: 'my run-.png', inDocument: true }]);
    expect(document.querySelectorAll('a')).toHaveLength(0);
    expect(revoked).toEqual([]);
    vi.advanceTimersByTime(REVOKE_AFTER_MS);
    expect(revoked).toEqual(['blob:test/1']);
  });

  it('saves text as UTF-8 of the given type', async () => {
    downloadText('h.csv', 'a,ü\r\n', 'text/csv');
    expect(created[0]!.type).toBe('text/csv;charset=utf-8');
    expect(await created[0]!.text()).toBe('a,ü\r\n');
  });
});

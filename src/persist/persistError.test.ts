import { describe, expect, it } from 'vitest';
import { PersistError, toPersistError } from './persistError';

describe('toPersistError', () => {
  it('names a full disk in words', () => {
    const error = toPersistError('save', new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect(error).toMatchObject({ code: 'quota', message: "Runs could not be saved: the browser's storage is full, so they will not survive a reload." });
  });

  it('treats a refused open as unavailable, and other failures as failed with their detail', () => {
    expect(toPersistError('open', new DOMException('A mutation operation was attempted', 'InvalidStateError')).code).toBe('unavailable');
    expect(toPersistError('delete', new DOMException('The database connection is closing.', 'InvalidStateError'))).toMatchObject({
      code: 'failed',
      message: 'A deleted run could not be removed from storage: The database connection is closing.',
    });
    expect(toPersistError('clear', 'odd')).toMatchObject({ code: 'failed', message: 'Saved runs could not be cleared: odd.' });
  });

  it('passes a PersistError through', () => {
    const error = new PersistError('quota', 'already plain');
    expect(toPersistError('save', error)).toBe(error);
  });
});

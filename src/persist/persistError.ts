import { describeError } from '../data/dataError';

/**
 * Why saved runs could not be opened, read or written, coarse enough for the UI to pick a hint:
 * - `unavailable`: no IndexedDB here (some private modes turn it off, or storage is blocked).
 * - `newerVersion`: the database was written by a newer version of this page.
 * - `quota`: the browser's storage for this site is full.
 * - `failed`: anything else (a record that cannot be cloned, a closed connection, …).
 */
export type PersistErrorCode = 'unavailable' | 'newerVersion' | 'quota' | 'failed';

/** What was being done when it failed; picks the start of the message. */
export type PersistAction = 'open' | 'load' | 'save' | 'delete' | 'clear';

const LEADS: Record<PersistAction, string> = {
  open: 'Runs will not be kept after a reload',
  load: 'Saved runs could not be read',
  save: 'Runs could not be saved',
  delete: 'A deleted run could not be removed from storage',
  clear: 'Saved runs could not be cleared',
};

/**
 * Error from the runs database. `message` is one sentence for an end user, e.g.
 * `Runs could not be saved: the browser's storage is full.`
 */
export class PersistError extends Error {
  readonly code: PersistErrorCode;

  constructor(code: PersistErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PersistError';
    this.code = code;
  }
}

const errorName = (error: unknown): string | null =>
  typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : null;

/** Wraps whatever IndexedDB threw (usually a DOMException) in a PersistError with a plain message. */
export function toPersistError(action: PersistAction, error: unknown): PersistError {
  if (error instanceof PersistError) return error;
  const lead = LEADS[action];
  const options = { cause: error };
  switch (errorName(error)) {
    case 'QuotaExceededError':
      return new PersistError('quota', `${lead}: the browser's storage is full${action === 'save' ? ', so they will not survive a reload' : ''}.`, options);
    case 'VersionError':
      return new PersistError('newerVersion', `${lead}: they were saved by a newer version of this page. Reload to update it.`, options);
    // Firefox private windows (before 115) and blocked storage throw these from indexedDB.open.
    case 'InvalidStateError':
    case 'SecurityError':
      if (action === 'open') return unavailable(options);
      break;
  }
  const detail = describeError(error).replace(/\.$/, '');
  return new PersistError('failed', `${lead}: ${detail}.`, options);
}

/** IndexedDB is missing or refused outright. */
export function unavailable(options?: { cause?: unknown }): PersistError {
  return new PersistError('unavailable', `${LEADS.open}: this browser does not allow saving data here (private browsing can turn it off).`, options);
}

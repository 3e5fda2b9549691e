/**
 * One small interface over the WebDriver clients that drive the engines playwright-core cannot
 * (Firefox through puppeteer-core over WebDriver BiDi, WebKitGTK through selenium-webdriver), so
 * the cross-engine journeys are written once. Controls are found in the page by their visible
 * label, then clicked and typed into with the client's own input events, as a user would.
 */

/** A function run in the page: self-contained (it is sent as source), arguments and result JSON-like. */
export type InPage<A extends unknown[], R> = (...args: A) => R | Promise<R>;

/** The one tab a session drives. */
export interface EnginePage {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** Runs `fn` in the page and returns its (awaited) result. */
  run<A extends unknown[], R>(fn: InPage<A, R>, ...args: A): Promise<R>;
  /** Clicks the enabled button whose accessible name is `name` (its aria-label, else its text). */
  click(name: string): Promise<void>;
  /** Replaces the text of the field labelled `label` by typing `value`. */
  fill(label: string, value: string): Promise<void>;
  /** Writes a PNG of the viewport to `path`. */
  screenshot(path: string): Promise<void>;
}

export interface EngineSession {
  /** e.g. "Firefox 153.8.0esr" */
  readonly version: string;
  readonly page: EnginePage;
  close(): Promise<void>;
}

/** The button named `name`, or why not: runs in the page. */
export const findButton = (name: string): HTMLButtonElement | string => {
  const buttons = [...document.querySelectorAll('button')].filter((b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === name);
  if (buttons.length !== 1) return `${buttons.length} buttons named "${name}"`;
  const button = buttons[0]!;
  if (button.disabled) return `the button "${name}" is disabled`;
  button.scrollIntoView({ block: 'center' });
  return button;
};

/** The text field labelled `label`, focused with its text selected (so typing replaces it), or why not: runs in the page. */
export const selectField = (label: string): HTMLInputElement | string => {
  const labels = [...document.querySelectorAll('label')].filter((l) => (l.textContent ?? '').trim() === label);
  const field = labels.length === 1 ? labels[0]!.control : null;
  if (!(field instanceof HTMLInputElement)) return `no single text field labelled "${label}" (${labels.length} labels)`;
  field.scrollIntoView({ block: 'center' });
  field.focus();
  field.select();
  return field;
};

/** The value of the field labelled `label`: runs in the page. */
export const fieldValue: InPage<[string], string | null> = (label) => {
  const l = [...document.querySelectorAll('label')].find((l) => (l.textContent ?? '').trim() === label);
  const field = l?.control;
  return field instanceof HTMLInputElement || field instanceof HTMLSelectElement ? field.value : null;
};

/** Fails with the page's own words when a finder returned a reason instead of an element. */
export function found<E>(what: E | string): E {
  if (typeof what === 'string') throw new Error(what);
  return what;
}

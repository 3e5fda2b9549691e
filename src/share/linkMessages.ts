import { echo, linkReason, type Read } from '../runs/settings/read';

/** Every message fits in this many characters. */
export const MAX_MESSAGE_LENGTH = 200;
/** After this many messages the rest are counted in one last message. */
const MAX_MESSAGES = 20;

/** Collects what a link's reading ignored, each message clipped to MAX_MESSAGE_LENGTH; past MAX_MESSAGES it only counts. */
export class Messages {
  readonly list: string[] = [];
  private dropped = 0;

  add(message: string): void {
    if (this.list.length < MAX_MESSAGES) {
      this.list.push(message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message);
    } else {
      this.dropped += 1;
    }
  }

  ignored(key: string, value: string, reason: string): void {
    this.add(`Ignored "${echo(key)}=${echo(value)}": ${reason}`);
  }

  done(): string[] {
    return this.dropped ? [...this.list, `…and ${this.dropped} more things in the link were ignored`] : this.list;
  }
}

/**
 * An optional key read with `read` (`label` names it in the message): `fallback` when the link
 * lacks it or it cannot be read (then with a message, `consequence` appended: "; using together").
 */
export function readKey<T>(
  pairs: ReadonlyMap<string, string>,
  messages: Messages,
  key: string,
  label: string,
  read: (text: string) => Read<T>,
  fallback: T,
  consequence = '',
): T {
  const text = pairs.get(key);
  if (text === undefined) return fallback;
  const r = read(text);
  if (r.ok) return r.value;
  messages.ignored(key, text, `${linkReason(label, r.error)}${consequence}`);
  return fallback;
}

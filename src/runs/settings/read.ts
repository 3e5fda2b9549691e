import type { z } from 'zod';
import { failure, success, type Result } from '../../result';

/**
 * Why a setting's text was not read: `syntax` when it is not even the right kind of word (each
 * caller words it: a link says "must be", the Compare panel "is not"), `refused` with the schema's
 * own message (or a message the setting composes, such as a hidden layer's).
 */
export type Problem = { kind: 'syntax'; expects: string; isNot: string } | { kind: 'refused'; message: string };
export type Read<T> = Result<T, Problem>;

const syntax = (expects: string, isNot = expects): Read<never> => failure({ kind: 'syntax', expects, isNot });
export const refused = (message: string): Read<never> => failure({ kind: 'refused', message });

/** Plain decimal numbers only: no hex, no empty string (which `Number` reads as 0), no spaces. */
export const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A decimal number; `expects` words what else the setting takes ("all or a number"). */
export const readNumber = (text: string, expects = 'a number'): Read<number> => (DECIMAL.test(text) ? success(Number(text)) : syntax(expects, 'a number'));

export const readChoice = <T extends string>(options: readonly T[], text: string): Read<T> => {
  const found = options.find((o) => o === text);
  return found === undefined ? syntax(`one of ${options.join(', ')}`) : success(found);
};

/** `yes` or `no` (on/off). */
export const readBoolean = (yes: string, no: string, text: string): Read<boolean> =>
  text === yes ? success(true) : text === no ? success(false) : syntax(`${yes} or ${no}`, `one of ${yes}, ${no}`);

/** A link's switch: `1` or `0`. */
export const readFlag = (text: string): Read<boolean> => (text === '1' ? success(true) : text === '0' ? success(false) : syntax('0 or 1', 'one of 0, 1'));

/** The value as `schema` (a piece of the one experiment schema) reads it, or the schema's own first message. */
export function checkSchema<T>(schema: z.ZodType<T>, value: unknown): Result<T> {
  const r = schema.safeParse(value);
  return r.success ? success(r.data) : failure(r.error.issues[0]?.message ?? 'Invalid value');
}

export function viaSchema<T>(schema: z.ZodType<T>, value: unknown): Read<T> {
  const r = checkSchema(schema, value);
  return r.ok ? r : refused(r.error);
}

/** A problem as a link's message words it: "Batch size must be a number", or the schema's message. */
export const linkReason = (label: string, problem: Problem): string => (problem.kind === 'syntax' ? `${label} must be ${problem.expects}` : problem.message);

/** Echoed text is cut to this many characters in messages. */
const MAX_ECHO = 40;

/** Echoed text for a message: invisible and control characters shown as `?`, cut to MAX_ECHO. */
export function echo(text: string): string {
  const chars = Array.from(text.replace(/\p{C}/gu, '?'));
  return chars.length > MAX_ECHO ? `${chars.slice(0, MAX_ECHO - 1).join('')}…` : chars.join('');
}

/**
 * Python source for plain values (what JSON holds): the exported scripts carry the experiment as
 * a Python dict, readable and editable. Pure.
 */

/** A number as Python reads it back to the same double (JavaScript's shortest form is valid Python). */
export function pyNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`${n} has no Python literal here`);
  return String(n);
}

/** A difference such as 1 − 0.99 without the binary noise of the subtraction (0.01, not 0.010000000000000009). */
export const pyRounded = (n: number): string => pyNumber(Number(n.toPrecision(12)));

/** A string literal: single-quoted when that needs no escape, else JSON's double-quoted form (valid Python too). */
export function pyString(s: string): string {
  return /^[^'\\\p{Cc}]*$/u.test(s) ? `'${s}'` : JSON.stringify(s);
}

const INLINE_WIDTH = 96;

function inline(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${pyString(k)}: ${inline(v)}`).join(', ')}}`;
}

/**
 * `value` as a Python literal, `indent` spaces deep: on one line when it fits in 96 characters,
 * else one entry per line. Object keys keep their order; undefined fields are left out.
 */
export function pyLiteral(value: unknown, indent = 0): string {
  const flat = inline(value);
  if (flat.length + indent <= INLINE_WIDTH || value === null || typeof value !== 'object') return flat;
  const pad = ' '.repeat(indent + 4);
  const close = ' '.repeat(indent);
  if (Array.isArray(value)) return `[\n${value.map((v) => `${pad}${pyLiteral(v, indent + 4)},\n`).join('')}${close}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${pad}${pyString(k)}: ${pyLiteral(v, indent + 4)},\n`).join('')}${close}}`;
}

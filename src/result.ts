/**
 * What a parse or a check gives back instead of throwing: the value, or why there is none (by
 * default a sentence for people; a parse of many fields may give a message per field).
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export const success = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const failure = <E>(error: E): Result<never, E> => ({ ok: false, error });

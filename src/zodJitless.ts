import { z } from 'zod';

/**
 * Zod compiles object schemas with `new Function` when it can, and finds out whether it can by
 * trying once. Under the page's CSP (no 'unsafe-eval') that try is blocked and reported as a
 * `securitypolicyviolation` (Firefox shows it as an error on every load), though zod swallows the
 * throw. Jitless mode skips the probe; parsing our few schemas interpreted costs nothing we measure.
 * Import this module before anything parses with zod (first in each entry point).
 */
z.config({ jitless: true });

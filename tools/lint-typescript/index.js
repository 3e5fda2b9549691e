/**
 * typescript-eslint, installed next to the TypeScript it parses with.
 *
 * The app compiles with TypeScript 7 (the native compiler), whose npm package has no JavaScript
 * compiler API; typescript-eslint parses through that API and accepts TypeScript <6.1 as its peer.
 * A peer dependency resolves from where the package lies, so an npm alias (`typescript5`) is never
 * found. This workspace package depends on TypeScript 6.0 and typescript-eslint: npm cannot hoist
 * them to the root (TypeScript 7 is there), so both stay in `tools/lint-typescript/node_modules`,
 * where typescript-eslint finds TypeScript 6.0. The root `eslint.config.js` imports it from here.
 */
export { default } from 'typescript-eslint';

import { ownBuffer } from './ownBuffer';

/**
 * SHA-256 of `bytes` as 64 lowercase hex characters, via Web Crypto
 * (available in secure-context pages, workers and Node >= 20).
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', ownBuffer(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

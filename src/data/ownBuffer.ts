/**
 * Returns `bytes` as a view typed over a plain ArrayBuffer, which Web Crypto
 * and web streams require (they reject SharedArrayBuffer views). Shares
 * memory with `bytes` when it already is ArrayBuffer-backed; copies only a
 * SharedArrayBuffer-backed view.
 */
export function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer ? new Uint8Array(buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
}

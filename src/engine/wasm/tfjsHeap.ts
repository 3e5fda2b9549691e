import * as tf from '@tensorflow/tfjs-core';

/**
 * The parts of tfjs' WebAssembly backend (tfjs-backend-wasm 4.x) our kernels work with: its
 * memory, its allocator, and where each tensor's data lies. Read by shape, not imported: the
 * engine does not depend on the wasm backend's package.
 */
interface WasmBackendInternals {
  wasm: { asm?: { memory?: unknown }; wasmMemory?: unknown; _malloc(bytes: number): number; _free(ptr: number): void };
  dataIdMap: { get(dataId: object): { memoryOffset: number; refCount: number } | undefined };
}

/** tfjs' wasm heap, as our kernels use it. */
export interface TfjsHeap {
  /** The backend object, so a caller can tell when tfjs has switched or restarted it. */
  readonly backend: object;
  readonly memory: WebAssembly.Memory;
  /** Bytes on tfjs' heap, 16-byte aligned; free them with `free`. */
  malloc(bytes: number): number;
  free(ptr: number): void;
  /**
   * Where `t`'s data lies, if our kernels may write it in place: float32 or int32 data held by
   * this tensor alone (no clone or reshape shares it). Null otherwise.
   */
  exclusivePointer(t: tf.Tensor): number | null;
  /** Where `t`'s data lies, for reading. */
  pointer(t: tf.Tensor): number;
}

const isInternals = (b: unknown): b is WasmBackendInternals =>
  typeof b === 'object' && b !== null && 'wasm' in b && 'dataIdMap' in b && typeof (b as WasmBackendInternals).wasm?._malloc === 'function';

/**
 * tfjs' wasm heap when the wasm backend is active and its memory is not shared (its threaded
 * build, on a cross-origin isolated page, is left to tfjs' own kernels); null otherwise.
 */
export function tfjsHeap(): TfjsHeap | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend: unknown = tf.backend();
  if (!isInternals(backend)) return null;
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  if (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) return null;
  const entry = (t: tf.Tensor) => {
    const e = backend.dataIdMap.get(t.dataId);
    if (!e) throw new Error(`tensor ${t.id} has no data on the wasm backend`);
    return e;
  };
  return {
    backend,
    memory,
    malloc: (bytes) => backend.wasm._malloc(bytes) >>> 0,
    free: (ptr) => backend.wasm._free(ptr),
    exclusivePointer(t) {
      const e = entry(t);
      return e.refCount === 1 && (t.dtype === 'float32' || t.dtype === 'int32') ? e.memoryOffset : null;
    },
    pointer: (t) => entry(t).memoryOffset,
  };
}

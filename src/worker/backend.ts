import * as tf from '@tensorflow/tfjs-core';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { describeError } from '../data/dataError';
import type { BackendInfo, BackendName, BackendPreference } from './protocol';

/** Order to try when the preferred backend cannot start. WebGPU only when asked for. */
const FALLBACKS: BackendName[] = ['webgl', 'wasm', 'cpu'];

/** The renderer behind WebGL2 in this context, read from a throwaway canvas. */
export function webglRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software/i;

const softwareName = (renderer: string) => (/swiftshader/i.test(renderer) ? 'SwiftShader' : /llvmpipe/i.test(renderer) ? 'llvmpipe' : renderer);

function describe(name: BackendName): string {
  if (name === 'webgl') {
    const renderer = webglRenderer() ?? 'unknown renderer';
    return SOFTWARE_RENDERERS.test(renderer) ? `${softwareName(renderer)} (software)` : renderer;
  }
  if (name === 'webgpu') return 'WebGPU';
  if (name === 'wasm') return 'WebAssembly';
  return 'plain JavaScript';
}

/**
 * Auto's choice from the WebGL renderer (null: no WebGL2): WebGL on a real GPU, WebAssembly where
 * WebGL is missing or runs in software. Software WebGL (SwiftShader, llvmpipe) emulates the GPU
 * on the CPU and is 3–4× slower than WebAssembly for this network (`npm run bench`).
 */
export function autoBackend(renderer: string | null): { name: BackendName; reason: string } {
  if (renderer === null) return { name: 'wasm', reason: 'Auto chose WebAssembly: this browser has no WebGL2' };
  if (SOFTWARE_RENDERERS.test(renderer)) {
    return { name: 'wasm', reason: `Auto chose WebAssembly: WebGL runs in software here (${softwareName(renderer)}), which is slower` };
  }
  return { name: 'webgl', reason: 'Auto chose WebGL: this device has a GPU' };
}

/** Registers tfjs' WebGPU backend on first use, so its code is fetched only by those who ask for it. */
async function loadWebgpu(): Promise<void> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator)) throw new Error('this browser has no WebGPU');
  const adapter = await (navigator as Navigator & { gpu: { requestAdapter(): Promise<unknown> } }).gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter on this device');
  await import('@tensorflow/tfjs-backend-webgpu');
}

/** Set when the webgl backend's context was lost; the next `selectBackend` replaces that backend. */
let lostWebgl: MathBackendWebGL | null = null;

/** Watches the backend in use for the loss of its device (`watchBackend`). */
export interface BackendWatch {
  /** True once the device is gone: nothing it holds can be read any more. */
  isLost(): boolean;
  stop(): void;
}

/**
 * Calls `onLost` once if the device under the backend now in use goes away. Only WebGL's can:
 * its context is lost when the GPU resets, its driver updates, or the browser reclaims it
 * (`webglcontextlost` on the backend's canvas, an OffscreenCanvas in a worker).
 */
export function watchBackend(onLost: (reason: string) => void): BackendWatch {
  const backend = tf.backend();
  if (!(backend instanceof MathBackendWebGL)) return { isLost: () => false, stop: () => {} };
  const gl = backend.gpgpu.gl;
  const listener = () => {
    lostWebgl = backend;
    onLost('The GPU context was lost');
  };
  gl.canvas.addEventListener('webglcontextlost', listener);
  return {
    isLost: () => gl.isContextLost(),
    stop: () => gl.canvas.removeEventListener('webglcontextlost', listener),
  };
}

/**
 * Replaces a webgl backend whose context was lost by a fresh one (a new context), so WebGL can
 * be chosen again. Call once nothing uses the old one: its tensors must be disposed.
 */
function replaceLostWebgl(): void {
  if (!lostWebgl) return;
  lostWebgl = null;
  try {
    tf.removeBackend('webgl');
  } catch {
    // Disposing a lost context's resources may fail; the backend is dropped all the same.
  }
  tf.registerBackend('webgl', () => new MathBackendWebGL(), 2);
}

/**
 * Starts the preferred backend (or Auto's choice), falling back along webgl → wasm → cpu, and says what happened.
 * Side effect: sets tfjs' global backend (and first replaces a webgl backend whose context was lost).
 */
export async function selectBackend(preference: BackendPreference): Promise<BackendInfo> {
  replaceLostWebgl();
  const auto = preference === 'auto' ? autoBackend(webglRenderer()) : null;
  const preferred = auto?.name ?? (preference as BackendName);
  const order = [preferred, ...FALLBACKS.filter((b) => b !== preferred)];
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (name === 'webgl' && webglRenderer() === null) throw new Error('no WebGL2 context');
      if (name === 'webgpu') await loadWebgpu();
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, detail: describe(name), fallbackReason: failures.join('; '), ...(auto ? { autoReason: auto.reason } : {}) };
      }
      failures.push(`${name} unavailable`);
    } catch (error) {
      failures.push(`${name} unavailable: ${describeError(error)}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could start (${failures.join('; ')})`);
}

import * as tf from '@tensorflow/tfjs-core';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { describeError } from '../data/dataError';
import type { BackendInfo, BackendName } from './protocol';

/** Order to try when the preferred backend cannot start. */
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

function describe(name: BackendName): string {
  if (name === 'webgl') {
    const renderer = webglRenderer() ?? 'unknown renderer';
    if (SOFTWARE_RENDERERS.test(renderer)) {
      return `${/swiftshader/i.test(renderer) ? 'SwiftShader' : renderer} (software)`;
    }
    return renderer;
  }
  if (name === 'wasm') return 'WebAssembly';
  return 'plain JavaScript';
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
 * Starts the preferred backend, falling back along webgl → wasm → cpu, and says what happened.
 * Side effect: sets tfjs' global backend (and first replaces a webgl backend whose context was lost).
 */
export async function selectBackend(preferred: BackendName): Promise<BackendInfo> {
  replaceLostWebgl();
  const order = [preferred, ...FALLBACKS.filter((b) => b !== preferred)];
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (name === 'webgl' && webglRenderer() === null) throw new Error('no WebGL2 context');
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, detail: describe(name), fallbackReason: failures.join('; ') };
      }
      failures.push(`${name} unavailable`);
    } catch (error) {
      failures.push(`${name} unavailable: ${describeError(error)}`);
    }
  }
  throw new Error(`No TensorFlow.js backend could start (${failures.join('; ')})`);
}

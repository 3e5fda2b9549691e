import * as tf from '@tensorflow/tfjs-core';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { describeError } from '../data/dataError';
import type { BackendInfo, BackendName, BackendPreference } from './protocol';
import { forcedHalfFloat, halfFloatOnly, probeWebgl } from './webglProbe';

/** Order to try when the preferred backend cannot start. WebGPU only when asked for. */
const FALLBACKS: BackendName[] = ['webgl', 'wasm', 'cpu'];

/** The renderer behind WebGL2 in this context, read from a throwaway canvas (null: none, or it failed). */
export function webglRenderer(): string | null {
  return probeWebgl().renderer;
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

/** What Auto knows of WebGL besides the renderer (see webglProbe.ts). */
export interface WebglTraits {
  /** Why there is no WebGL2 context when one was tried and failed (threw, or came back lost). */
  failure?: string;
  /** tfjs would keep tensors in 16-bit floats on this GPU. */
  halfFloatOnly?: boolean;
}

/**
 * Auto's choice from the WebGL renderer (null: no WebGL2): WebGL on a real GPU, WebAssembly where
 * WebGL is missing, failed, has only half floats, or runs in software. Software WebGL (SwiftShader,
 * llvmpipe) emulates the GPU on the CPU and is 3–4× slower than WebAssembly for this network
 * (`npm run bench`); 16-bit floats turn training to NaN (tfjs issues 3267, 4149).
 */
export function autoBackend(renderer: string | null, traits: WebglTraits = {}): { name: BackendName; reason: string } {
  if (renderer === null) {
    return {
      name: 'wasm',
      reason: traits.failure ? `Auto chose WebAssembly: WebGL failed here (${traits.failure})` : 'Auto chose WebAssembly: this browser has no WebGL2',
    };
  }
  if (traits.halfFloatOnly) {
    return { name: 'wasm', reason: 'Auto chose WebAssembly: WebGL here has only 16-bit floats, too coarse to train on (losses turn to NaN)' };
  }
  if (SOFTWARE_RENDERERS.test(renderer)) {
    return { name: 'wasm', reason: `Auto chose WebAssembly: WebGL runs in software here (${softwareName(renderer)}), which is slower` };
  }
  return { name: 'webgl', reason: 'Auto chose WebGL: this device has a GPU' };
}

/**
 * Probes this worker's WebGL for Auto. Half floats are checked only where WebGL could be chosen
 * (a hardware renderer) or the tfjs flag forces them, since the check opens tfjs' own context.
 */
function probeForAuto(): { renderer: string | null } & WebglTraits {
  const probe = probeWebgl();
  if (probe.renderer === null) return probe;
  const halfFloats = forcedHalfFloat() || (!SOFTWARE_RENDERERS.test(probe.renderer) && halfFloatOnly());
  return halfFloats ? { ...probe, halfFloatOnly: true } : probe;
}

/** What Auto can race on this device (see autoChooser.ts). */
export interface AutoCandidates {
  /** This device, for remembering races: its WebGL renderer, or why it has none. */
  device: string;
  /** The backends worth racing: WebGL and WebAssembly, or WebAssembly alone where WebGL is missing or has only half floats. */
  names: BackendName[];
}

/**
 * The candidates of Auto's race. WebGPU is opt-in (its tfjs backend is loaded only when asked
 * for) and plain JavaScript is never faster than WebAssembly, so neither races. A software
 * WebGL races too: its speed, not its name, decides.
 */
export function autoCandidates(): AutoCandidates {
  const probe = probeForAuto();
  if (probe.renderer === null || probe.halfFloatOnly) return { device: probe.renderer ?? 'no WebGL2', names: ['wasm'] };
  return { device: probe.renderer, names: ['webgl', 'wasm'] };
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
  const probe = preference === 'auto' ? probeForAuto() : null;
  const auto = probe ? autoBackend(probe.renderer, probe) : null;
  const preferred = auto?.name ?? (preference as BackendName);
  const order = [preferred, ...FALLBACKS.filter((b) => b !== preferred)];
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (name === 'webgl') {
        const webgl = probe ?? probeWebgl();
        if (webgl.renderer === null) throw new Error(webgl.failure ?? 'no WebGL2 context');
      }
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

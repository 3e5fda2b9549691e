import * as tf from '@tensorflow/tfjs-core';
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

/**
 * Starts the preferred backend, falling back along webgl → wasm → cpu, and says what happened.
 * Side effect: sets tfjs' global backend.
 */
export async function selectBackend(preferred: BackendName): Promise<BackendInfo> {
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

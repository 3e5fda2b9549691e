import * as tf from '@tensorflow/tfjs-core';

/**
 * What this worker's WebGL2 can do, as far as choosing a backend needs to know.
 * - `renderer`: the GPU's name (null: no usable WebGL2 context here).
 * - `failure`: why there is none, when creating one threw or came back lost (Safari before 17 and
 *   some Linux drivers fail WebGL in workers: tfjs issues 7803, 8267); absent when the browser
 *   simply has no WebGL2.
 */
export interface WebglProbe {
  renderer: string | null;
  failure?: string;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)) || 'unknown error';

/**
 * Opens a throwaway 1×1 WebGL2 context on an OffscreenCanvas, reads its renderer and releases it.
 * Never throws: a context that cannot be created, or is lost as soon as made, counts as no WebGL.
 */
export function probeWebgl(): WebglProbe {
  if (typeof OffscreenCanvas === 'undefined') return { renderer: null };
  let gl: WebGL2RenderingContext | null;
  try {
    gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  } catch (error) {
    return { renderer: null, failure: `creating a WebGL2 context failed: ${message(error)}` };
  }
  if (!gl) return { renderer: null };
  try {
    if (gl.isContextLost()) return { renderer: null, failure: 'its WebGL2 context was lost as soon as it was created' };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) as unknown;
    // A lost context answers null to every query.
    if (typeof renderer !== 'string') return { renderer: null, failure: 'its WebGL2 context was lost as soon as it was created' };
    return { renderer };
  } catch (error) {
    return { renderer: null, failure: `querying the WebGL2 context failed: ${message(error)}` };
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

/**
 * Whether tfjs' WebGL backend would keep its tensors in 16-bit floats here: forced by the flag
 * `WEBGL_FORCE_F16_TEXTURES`, or because the GPU cannot render to 32-bit float textures (older
 * iOS devices: training turns to NaN, tfjs issues 3267 and 4149). Asks tfjs' own flags, which
 * open (and keep, for the backend's later use) tfjs' WebGL context; so call it only where WebGL
 * would otherwise be chosen, or when the flag is forced. Never throws: a failed check is false.
 */
export function halfFloatOnly(): boolean {
  try {
    if (tf.env().getBool('WEBGL_FORCE_F16_TEXTURES')) return true;
    return !tf.env().getBool('WEBGL_RENDER_FLOAT32_CAPABLE');
  } catch {
    return false;
  }
}

/** Whether WEBGL_FORCE_F16_TEXTURES is set (without opening any context). */
export function forcedHalfFloat(): boolean {
  try {
    return tf.env().getBool('WEBGL_FORCE_F16_TEXTURES');
  } catch {
    return false;
  }
}

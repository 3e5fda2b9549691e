import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forcedHalfFloat, halfFloatOnly, probeWebgl } from './webglProbe';

/** An OffscreenCanvas whose WebGL2 context is `context()` (what a browser's worker would give). */
function stubCanvas(context: () => unknown) {
  vi.stubGlobal(
    'OffscreenCanvas',
    class {
      getContext(kind: string) {
        return kind === 'webgl2' ? context() : null;
      }
    },
  );
}

const RENDERER = 0x1f01;
const UNMASKED = 0x9246;

/** A minimal WebGL2 context: `lost` makes it answer as a lost one does (null to every query). */
function fakeGl({ lost = false, renderer = 'Test GPU' } = {}) {
  const loseContext = vi.fn();
  return {
    loseContext,
    gl: {
      RENDERER,
      isContextLost: () => lost,
      getExtension: (name: string) =>
        lost ? null : name === 'WEBGL_debug_renderer_info' ? { UNMASKED_RENDERER_WEBGL: UNMASKED } : name === 'WEBGL_lose_context' ? { loseContext } : null,
      getParameter: (p: number) => (lost ? null : p === UNMASKED ? renderer : 'WebKit WebGL'),
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('probeWebgl', () => {
  it('reads the renderer and releases its context', () => {
    const { gl, loseContext } = fakeGl({ renderer: 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620)' });
    stubCanvas(() => gl);
    expect(probeWebgl()).toEqual({ renderer: 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620)' });
    expect(loseContext).toHaveBeenCalledOnce();
  });

  it('no WebGL2 (no OffscreenCanvas, or getContext gives null) is no renderer and no failure', () => {
    expect(probeWebgl()).toEqual({ renderer: null });
    stubCanvas(() => null);
    expect(probeWebgl()).toEqual({ renderer: null });
  });

  it('a context creation that throws is no WebGL, with the error as the failure', () => {
    stubCanvas(() => {
      throw new Error('Could not create a WebGL2 context');
    });
    expect(probeWebgl()).toEqual({ renderer: null, failure: 'creating a WebGL2 context failed: Could not create a WebGL2 context' });
  });

  it('a context lost at once (flagged, or answering null) is no WebGL', () => {
    stubCanvas(() => fakeGl({ lost: true }).gl);
    expect(probeWebgl()).toEqual({ renderer: null, failure: 'its WebGL2 context was lost as soon as it was created' });
    const { gl } = fakeGl();
    stubCanvas(() => ({ ...gl, getParameter: () => null }));
    expect(probeWebgl()).toEqual({ renderer: null, failure: 'its WebGL2 context was lost as soon as it was created' });
  });
});

describe('half floats', () => {
  it('follows tfjs’ WEBGL_FORCE_F16_TEXTURES and WEBGL_RENDER_FLOAT32_CAPABLE flags', () => {
    // The node tests do not load the webgl backend, which registers these flags: register them as it does.
    const env = tf.env();
    for (const flag of ['WEBGL_FORCE_F16_TEXTURES', 'WEBGL_RENDER_FLOAT32_CAPABLE']) if (!(flag in env.getFlags())) env.registerFlag(flag, () => false);
    try {
      env.set('WEBGL_FORCE_F16_TEXTURES', true);
      env.set('WEBGL_RENDER_FLOAT32_CAPABLE', true);
      expect([forcedHalfFloat(), halfFloatOnly()]).toEqual([true, true]);
      env.set('WEBGL_FORCE_F16_TEXTURES', false);
      expect([forcedHalfFloat(), halfFloatOnly()]).toEqual([false, false]);
      env.set('WEBGL_RENDER_FLOAT32_CAPABLE', false);
      expect([forcedHalfFloat(), halfFloatOnly()]).toEqual([false, true]);
    } finally {
      env.reset();
    }
  });
});

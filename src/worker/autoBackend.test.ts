import { describe, expect, it } from 'vitest';
import { autoBackend } from './backend';

describe('Auto picks the fastest backend this device really has', () => {
  it('WebGL on a real GPU', () => {
    expect(autoBackend('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toEqual({
      name: 'webgl',
      reason: 'Auto chose WebGL: this device has a GPU',
    });
    expect(autoBackend('Apple M2').name).toBe('webgl');
  });

  it('WebAssembly where WebGL is software-rendered, naming the renderer', () => {
    expect(autoBackend('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toEqual({
      name: 'wasm',
      reason: 'Auto chose WebAssembly: WebGL runs in software here (SwiftShader), which is slower',
    });
    expect(autoBackend('llvmpipe (LLVM 15.0.6, 256 bits)').reason).toContain('(llvmpipe)');
  });

  it('WebAssembly where there is no WebGL2', () => {
    expect(autoBackend(null)).toEqual({ name: 'wasm', reason: 'Auto chose WebAssembly: this browser has no WebGL2' });
  });
});

describe('Auto treats a WebGL that fails or has only half floats as no WebGL, and says why', () => {
  it('WebAssembly when the context could not be created or was lost, with the failure in the reason', () => {
    expect(autoBackend(null, { failure: 'creating a WebGL2 context failed: GPU process crashed' })).toEqual({
      name: 'wasm',
      reason: 'Auto chose WebAssembly: WebGL failed here (creating a WebGL2 context failed: GPU process crashed)',
    });
  });

  it('WebAssembly on a GPU with only 16-bit floats, before any other consideration', () => {
    for (const renderer of ['Apple GPU', 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)']) {
      expect(autoBackend(renderer, { halfFloatOnly: true })).toEqual({
        name: 'wasm',
        reason: 'Auto chose WebAssembly: WebGL here has only 16-bit floats, too coarse to train on (losses turn to NaN)',
      });
    }
    expect(autoBackend('Apple GPU', { halfFloatOnly: false }).name).toBe('webgl');
  });
});

import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs' WebGL backend this file uses: run a shader program over tensors. */
interface WebglRunner {
  compileAndRun(program: unknown, inputs: tf.TensorInfo[], outputDtype?: tf.DataType, customUniformValues?: number[][]): tf.TensorInfo;
}

/** An element-wise program over packed textures (four values a texel), its scalars as uniforms. */
function elementwise(names: string[], uniforms: string[], expression: string, shape: number[]) {
  return {
    variableNames: names,
    outputShape: shape,
    packedInputs: true,
    packedOutput: true,
    customUniforms: uniforms.map((name) => ({ name, type: 'float' })),
    userCode: `void main() {
      ${names.map((n) => `vec4 ${n.toLowerCase()} = get${n}AtOutCoords();`).join('\n')}
      setOutput(${expression});
    }`,
  };
}

/**
 * One Adam update of `v` with gradient `g` and slots `m`, `u` in three WebGL programs instead of
 * the dozen element-wise kernels of the tfjs ops: under software WebGL each program is a pass over
 * the weights, and the first layer's kernel holds 100,000 of the tutorial network's 110,000.
 * Same rule as `createOptimizer('adam')`: m ← β₁m + (1−β₁)g, u ← β₂u + (1−β₂)g², then
 * v ← v − step · m / (√(c₂u) + ε) with step = lr · c₁. Side effect: assigns `v`, `m` and `u`.
 */
export function adamStepWebgl(v: tf.Variable, g: tf.Tensor, m: tf.Variable, u: tf.Variable, hyper: { beta1: number; beta2: number; epsilon: number; step: number; correction2: number }): void {
  const backend = tf.backend() as unknown as WebglRunner;
  const run = (program: ReturnType<typeof elementwise>, inputs: tf.Tensor[], uniforms: number[]) =>
    tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(program, inputs, 'float32', uniforms.map((x) => [x])));
  const shape = v.shape;
  const nextM = run(elementwise(['M', 'G'], ['beta1'], 'beta1 * m + (1.0 - beta1) * g', shape), [m, g], [hyper.beta1]);
  const nextU = run(elementwise(['U', 'G'], ['beta2'], 'beta2 * u + (1.0 - beta2) * g * g', shape), [u, g], [hyper.beta2]);
  const nextV = run(elementwise(['V', 'M', 'U'], ['stepSize', 'correction2', 'epsilon'], 'v - stepSize * m / (sqrt(correction2 * u) + epsilon)', shape), [v, nextM, nextU], [
    hyper.step,
    hyper.correction2,
    hyper.epsilon,
  ]);
  m.assign(nextM);
  u.assign(nextU);
  v.assign(nextV);
}

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
 * Same rule as `createOptimizer('adam')` (Keras'): m ← m + (g − m)(1 − β₁), u ← u + (g² − u)(1 − β₂),
 * then v ← v − m·α / (√u + ε) with α = `adamStepSize(lr, t)`. Side effect: assigns `v`, `m` and `u`.
 */
export function adamStepWebgl(
  v: tf.Variable,
  g: tf.Tensor,
  m: tf.Variable,
  u: tf.Variable,
  hyper: { beta1: number; beta2: number; epsilon: number; alpha: number },
): void {
  const backend = tf.backend() as unknown as WebglRunner;
  const run = (program: ReturnType<typeof elementwise>, inputs: tf.Tensor[], uniforms: number[]) =>
    tf.engine().makeTensorFromTensorInfo(
      backend.compileAndRun(
        program,
        inputs,
        'float32',
        uniforms.map((x) => [x]),
      ),
    );
  const shape = v.shape;
  const nextM = run(elementwise(['M', 'G'], ['oneMinusBeta1'], 'm + (g - m) * oneMinusBeta1', shape), [m, g], [1 - hyper.beta1]);
  const nextU = run(elementwise(['U', 'G'], ['oneMinusBeta2'], 'u + (g * g - u) * oneMinusBeta2', shape), [u, g], [1 - hyper.beta2]);
  const nextV = run(
    elementwise(['V', 'M', 'U'], ['alpha', 'epsilon'], 'v - m * alpha / (sqrt(u) + epsilon)', shape),
    [v, nextM, nextU],
    [hyper.alpha, hyper.epsilon],
  );
  m.assign(nextM);
  u.assign(nextU);
  v.assign(nextV);
}

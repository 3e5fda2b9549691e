import * as tf from '@tensorflow/tfjs-core';

/**
 * Keras 3's Adam (`keras/src/optimizers/adam.py`, `update_step`, amsgrad off) written out term
 * for term in float32 tfjs ops, as a reference that shares no code with `createOptimizer`:
 *   α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ);  m += (g−m)(1−β₁);  v += (g²−v)(1−β₂);  var −= m·α/(√v+ε).
 * A `tf.Optimizer`, so `tf.layers` models can `compile` with it. Owns its moment variables.
 */
export class KerasAdam extends tf.Optimizer {
  private readonly moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();

  constructor(
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | Array<{ name: string; tensor: tf.Tensor }>): void {
    const list = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const localStep = this.iterations + 1;
    tf.tidy(() => {
      const lr = tf.scalar(this.learningRate);
      const beta1Power = tf.pow(tf.scalar(this.beta1), tf.scalar(localStep));
      const beta2Power = tf.pow(tf.scalar(this.beta2), tf.scalar(localStep));
      const alpha = tf.div(tf.mul(lr, tf.sqrt(tf.sub(1, beta2Power))), tf.sub(1, beta1Power));
      for (const { name, tensor: gradient } of list) {
        const variable = tf.engine().registeredVariables[name]!;
        let slot = this.moments.get(name);
        if (!slot) {
          slot = { m: tf.variable(tf.zerosLike(variable), false), v: tf.variable(tf.zerosLike(variable), false) };
          this.moments.set(name, slot);
        }
        slot.m.assign(tf.add(slot.m, tf.mul(tf.sub(gradient, slot.m), 1 - this.beta1)));
        slot.v.assign(tf.add(slot.v, tf.mul(tf.sub(tf.square(gradient), slot.v), 1 - this.beta2)));
        variable.assign(tf.sub(variable, tf.div(tf.mul(slot.m, alpha), tf.add(tf.sqrt(slot.v), this.epsilon))));
      }
    });
    this.incrementIterations();
  }

  override dispose(): void {
    this.moments.forEach(({ m, v }) => tf.dispose([m, v]));
    this.moments.clear();
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

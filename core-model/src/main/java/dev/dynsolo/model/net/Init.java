package dev.dynsolo.model.net;

/**
 * How a new variable is initialised, following the reference code: He-normal for backbone convs,
 * normal(0.01) for head convs, Xavier-uniform for FPN convs, constants for biases and norms.
 */
public sealed interface Init {

  /** Kaiming normal over fan-out, for ReLU networks. */
  record HeNormal() implements Init {}

  /** Normal with mean 0 and the given standard deviation. */
  record Normal(float std) implements Init {}

  /** Xavier (Glorot) uniform. */
  record XavierUniform() implements Init {}

  /** Every element set to one value. */
  record Constant(float value) implements Init {}

  static Init heNormal() {
    return new HeNormal();
  }

  static Init normal(float std) {
    return new Normal(std);
  }

  static Init xavierUniform() {
    return new XavierUniform();
  }

  static Init constant(float value) {
    return new Constant(value);
  }
}

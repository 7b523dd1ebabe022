package dev.dynsolo.model.net;

/**
 * Which form of the network to build. Training keeps frozen BatchNorm as its own op (statistics
 * fixed, affine trainable); inference expects BatchNorm already folded into the preceding
 * convolution's weight and bias (see {@link BatchNormFolding}).
 */
public enum BuildMode {
  TRAINING,
  INFERENCE
}

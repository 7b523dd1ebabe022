package dev.dynsolo.model.config;

/**
 * Normalisation in the backbone.
 *
 * <p>{@link #FROZEN_BATCH_NORM} is the reference choice: BatchNorm statistics stay fixed (ImageNet
 * pre-training provides them; batches of a few images cannot estimate them), the affine part trains,
 * and for inference it is folded into the preceding convolution. {@link #GROUP_NORM} is for models
 * trained from scratch (the {@code nano} preset), where there are no statistics to freeze.
 */
public enum BackboneNorm {
  FROZEN_BATCH_NORM,
  GROUP_NORM
}

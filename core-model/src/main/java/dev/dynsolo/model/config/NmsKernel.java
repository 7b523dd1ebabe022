package dev.dynsolo.model.config;

/** Decay function of Matrix NMS. */
public enum NmsKernel {
  /** decay = exp(-sigma * iou^2) / exp(-sigma * compensate^2). */
  GAUSSIAN,
  /** decay = (1 - iou) / (1 - compensate). */
  LINEAR
}

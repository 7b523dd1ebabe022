package dev.dynsolo.stream.pipeline;

import java.time.Duration;

/**
 * Batching across streams.
 *
 * @param maxBatch most frames per inference call
 * @param maxWait longest a frame waits for a batch to fill
 * @param stallLimit how long one batch may run, or every batch fail, before the worker counts as dead
 */
public record PipelineSettings(int maxBatch, Duration maxWait, Duration stallLimit) {

  public static final PipelineSettings DEFAULT = new PipelineSettings(4, Duration.ofMillis(50));

  /** With the default stall limit of 60 s. */
  public PipelineSettings(int maxBatch, Duration maxWait) {
    this(maxBatch, maxWait, Duration.ofSeconds(60));
  }

  public PipelineSettings {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("pipeline.maxBatch must be >= 1, got " + maxBatch);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("pipeline.maxWait must be > 0, got " + maxWait);
    }
    if (stallLimit.isNegative() || stallLimit.isZero()) {
      throw new IllegalArgumentException("pipeline.stallSeconds must be > 0, got " + stallLimit);
    }
  }
}

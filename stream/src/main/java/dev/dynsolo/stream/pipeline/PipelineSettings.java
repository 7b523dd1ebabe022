package dev.dynsolo.stream.pipeline;

import java.time.Duration;

/**
 * Batching across streams.
 *
 * @param maxBatch most frames per inference call
 * @param maxWait longest a frame waits for a batch to fill
 */
public record PipelineSettings(int maxBatch, Duration maxWait) {

  public static final PipelineSettings DEFAULT = new PipelineSettings(4, Duration.ofMillis(50));

  public PipelineSettings {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("pipeline.maxBatch must be >= 1, got " + maxBatch);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("pipeline.maxWait must be > 0, got " + maxWait);
    }
  }
}

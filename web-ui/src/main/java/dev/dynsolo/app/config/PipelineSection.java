package dev.dynsolo.app.config;

import dev.dynsolo.stream.pipeline.PipelineSettings;
import java.time.Duration;

/** {@code pipeline:} batching across streams. */
public record PipelineSection(int maxBatch, long maxWaitMs, long stallSeconds) {
  public PipelineSection {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("pipeline.maxBatch must be >= 1, got " + maxBatch);
    }
    if (maxWaitMs < 1) {
      throw new IllegalArgumentException("pipeline.maxWaitMs must be >= 1, got " + maxWaitMs);
    }
    if (stallSeconds < 1) {
      throw new IllegalArgumentException("pipeline.stallSeconds must be >= 1, got " + stallSeconds);
    }
  }

  public PipelineSettings settings() {
    return new PipelineSettings(maxBatch, Duration.ofMillis(maxWaitMs), Duration.ofSeconds(stallSeconds));
  }
}

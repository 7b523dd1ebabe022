package dev.dynsolo.stream.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Micrometer meters of the pipeline, tagged per stream where it matters. */
public final class PipelineMetrics {
  private final MeterRegistry registry;
  private final Timer inference;
  private final DistributionSummary batchSize;

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.inference = Timer.builder("solo.inference.latency").description("one inference call")
        .publishPercentiles(0.5, 0.95).register(registry);
    this.batchSize = DistributionSummary.builder("solo.batch.size").description("frames per inference call")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  void batch(int size, double millis) {
    batchSize.record(size);
    inference.record(Duration.ofNanos((long) (millis * 1e6)));
  }

  void inferred(String stream, double ageMillis) {
    Counter.builder("solo.frames.inferred").tag("stream", stream).register(registry).increment();
    Timer.builder("solo.frame.age").tag("stream", stream).description("capture to end of inference")
        .publishPercentiles(0.5, 0.95).register(registry).record(Duration.ofNanos((long) (ageMillis * 1e6)));
  }

  void input(String stream) {
    Counter.builder("solo.frames.input").tag("stream", stream).register(registry).increment();
  }
}

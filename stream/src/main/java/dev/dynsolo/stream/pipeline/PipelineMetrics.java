package dev.dynsolo.stream.pipeline;

import dev.dynsolo.stream.source.SourceState;
import dev.dynsolo.stream.source.SourceStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Micrometer meters of the pipeline, tagged per stream where it matters. */
public final class PipelineMetrics {
  private final MeterRegistry registry;
  private final Timer inference;
  private final DistributionSummary batchSize;
  /** Streams removed: frames of theirs still in flight must not register their meters again. */
  private final java.util.Set<String> retired = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
    if (retired.contains(stream)) {
      return;
    }
    Counter.builder("solo.frames.inferred").tag("stream", stream).register(registry).increment();
    Timer.builder("solo.frame.age").tag("stream", stream).description("capture to end of inference")
        .publishPercentiles(0.5, 0.95).register(registry).record(Duration.ofNanos((long) (ageMillis * 1e6)));
  }

  /**
   * Gauges of one source (frames dropped by its keep-latest policy, reconnects, whether it is live);
   * closing the returned handle removes every meter tagged with the stream (these gauges and its
   * input, inferred and age meters), so a removed stream leaves nothing in {@code /metrics}.
   */
  public AutoCloseable source(String stream, Supplier<SourceStatus> status) {
    retired.remove(stream);
    List<Meter> meters = List.of(
        Gauge.builder("solo.source.dropped", () -> status.get().dropped())
            .tag("stream", stream).description("frames replaced by newer ones (live sources)").register(registry),
        Gauge.builder("solo.source.reconnects", () -> status.get().reconnects())
            .tag("stream", stream).description("reconnection attempts after being live").register(registry),
        Gauge.builder("solo.source.live", () -> status.get().state() == SourceState.LIVE ? 1 : 0)
            .tag("stream", stream).description("1 while the source delivers frames").register(registry));
    return () -> {
      retired.add(stream);
      meters.forEach(registry::remove);
      for (String name : List.of("solo.frames.input", "solo.frames.inferred", "solo.frame.age", "solo.frames.stale",
          "solo.failures", "solo.zone.events")) {
        registry.find(name).tag("stream", stream).meters().forEach(registry::remove);
      }
    };
  }

  /** A frame lost to a fault in one part ({@code prepare}, {@code inference}, or a sink's name). */
  public void failure(String part, String stream) {
    if (retired.contains(stream)) {
      return;
    }
    Counter.builder("solo.failures").tag("part", part).tag("stream", stream)
        .description("frames a part failed on (the part is tried again with the next frame)")
        .register(registry).increment();
  }

  /** Counts zone and line events: {@code solo.zone.events{stream, place, kind, class}}. */
  public void zoneEvents(String stream, List<dev.dynsolo.stream.zone.ZoneEvent> events) {
    if (retired.contains(stream)) {
      return;
    }
    for (var e : events) {
      Counter.builder("solo.zone.events").tag("stream", stream).tag("place", e.place())
          .tag("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT) + (e.direction() == null ? "" : "-" + e.direction()))
          .tag("class", e.className()).description("zone entries, exits, stays and line crossings")
          .register(registry).increment();
    }
  }

  void stale(String stream) {
    if (retired.contains(stream)) {
      return;
    }
    Counter.builder("solo.frames.stale").tag("stream", stream)
        .description("live frames replaced by fresher ones at the batcher").register(registry).increment();
  }

  void input(String stream) {
    if (retired.contains(stream)) {
      return;
    }
    Counter.builder("solo.frames.input").tag("stream", stream).register(registry).increment();
  }
}

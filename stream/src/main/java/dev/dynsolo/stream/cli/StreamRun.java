package dev.dynsolo.stream.cli;

import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.stream.overlay.Overlay;
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import dev.dynsolo.stream.pipeline.FrameRate;
import dev.dynsolo.stream.pipeline.InferencePipeline;
import dev.dynsolo.stream.pipeline.PipelineMetrics;
import dev.dynsolo.stream.pipeline.PipelineSettings;
import dev.dynsolo.stream.sink.EventSink;
import dev.dynsolo.stream.sink.SegmentedRecorder;
import dev.dynsolo.stream.source.FrameSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A headless run: sources through the pipeline into recordings and events until the sources end,
 * the duration passes or {@link #stop()} is called; then everything is finalised in order
 * (sources, pipeline, sinks).
 */
public final class StreamRun {
  /** What a run did, per stream. */
  public record Summary(Map<String, Long> frames, List<Path> recordings, double meanInferenceMillis) {}

  private final List<FrameSource> sources;
  private final Segmenter segmenter;
  private final PipelineSettings settings;
  private final Path recordDir;
  private final double segmentSeconds;
  private final EventSink events;
  private final Overlay overlay;
  private final Duration duration;

  public StreamRun(List<FrameSource> sources, Segmenter segmenter, PipelineSettings settings, Path recordDir,
      double segmentSeconds, EventSink events, OverlaySettings overlay, Duration duration) {
    this.sources = List.copyOf(sources);
    this.segmenter = segmenter;
    this.settings = settings;
    this.recordDir = recordDir;
    this.segmentSeconds = segmentSeconds;
    this.events = events;
    this.overlay = new Overlay(overlay);
    this.duration = duration;
  }

  public Summary run() {
    Map<String, SegmentedRecorder> recorders = new LinkedHashMap<>();
    Map<String, FrameSource> byId = new HashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, FrameRate> rates = new HashMap<>();
    for (FrameSource s : sources) {
      byId.put(s.spec().id(), s);
      counts.put(s.spec().id(), 0L);
    }
    double[] inferenceTotal = new double[2];
    Scheduler sinks = Schedulers.newSingle("sinks");
    List<Path> recordings = new ArrayList<>();
    try (InferencePipeline pipeline = new InferencePipeline(segmenter, settings,
        new PipelineMetrics(new SimpleMeterRegistry()))) {
      Flux<AnnotatedFrame> annotated = pipeline.run(sources);
      if (duration != null && !duration.isZero()) {
        annotated = annotated.take(duration);
      }
      annotated.publishOn(sinks, 2).doOnNext(f -> {
        String id = f.frame().sourceId();
        counts.merge(id, 1L, Long::sum);
        inferenceTotal[0] += f.inferenceMillis() / f.batchSize();
        inferenceTotal[1]++;
        double fps = rates.computeIfAbsent(id, k -> new FrameRate()).tick(f.frame().capturedNanos());
        if (recordDir != null) {
          SegmentedRecorder recorder = recorders.computeIfAbsent(id,
              k -> new SegmentedRecorder(recordDir, k, byId.get(k).nominalFps(), segmentSeconds));
          recorder.write(overlay.draw(f, fps), f.frame().timestampMicros());
        }
        if (events != null) {
          events.accept(f);
        }
      }).blockLast();
    } finally {
      sources.forEach(FrameSource::close);
      for (SegmentedRecorder r : recorders.values()) {
        r.close();
        recordings.addAll(r.segments());
      }
      if (events != null) {
        events.close();
      }
      sinks.dispose();
    }
    return new Summary(counts, recordings, inferenceTotal[1] == 0 ? 0 : inferenceTotal[0] / inferenceTotal[1]);
  }

  /** Stops the sources; the run then drains and finalises. */
  public void stop() {
    sources.forEach(FrameSource::close);
  }
}

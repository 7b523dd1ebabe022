package dev.dynsolo.stream.cli;

import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.stream.overlay.Overlay;
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import dev.dynsolo.stream.pipeline.InferencePipeline;
import dev.dynsolo.stream.pipeline.PipelineMetrics;
import dev.dynsolo.stream.pipeline.PipelineSettings;
import dev.dynsolo.stream.sink.EventSink;
import dev.dynsolo.stream.delivery.EventIds;
import dev.dynsolo.stream.sink.H264;
import dev.dynsolo.stream.sink.SegmentedRecorder;
import dev.dynsolo.stream.sink.SinkContext;
import dev.dynsolo.stream.sink.StreamOutputs;
import dev.dynsolo.stream.source.FrameSource;
import dev.dynsolo.stream.track.TrackerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
  private final TrackerSettings tracking;

  public StreamRun(List<FrameSource> sources, Segmenter segmenter, PipelineSettings settings, Path recordDir,
      double segmentSeconds, EventSink events, OverlaySettings overlay, Duration duration) {
    this(sources, segmenter, settings, recordDir, segmentSeconds, events, overlay, duration, TrackerSettings.DEFAULT);
  }

  /** @param tracking how objects get track ids (events and the overlay show them) */
  public StreamRun(List<FrameSource> sources, Segmenter segmenter, PipelineSettings settings, Path recordDir,
      double segmentSeconds, EventSink events, OverlaySettings overlay, Duration duration, TrackerSettings tracking) {
    this.sources = List.copyOf(sources);
    this.segmenter = segmenter;
    this.settings = settings;
    this.recordDir = recordDir;
    this.segmentSeconds = segmentSeconds;
    this.events = events;
    this.overlay = new Overlay(overlay);
    this.duration = duration;
    this.tracking = tracking;
  }

  public Summary run() {
    PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
    SinkContext context = new SinkContext(() -> overlay, null, null, events,
        SegmentedRecorder.into(recordDir, segmentSeconds), metrics::failure, System::nanoTime, tracking,
        SinkContext.ZoneEventListener.NONE, new EventIds(), null);
    Map<String, StreamOutputs> outputs = new LinkedHashMap<>();
    for (FrameSource s : sources) {
      StreamOutputs out = new StreamOutputs(s.spec().id(), s::nominalFps, context);
      outputs.put(s.spec().id(), out);
    }
    double[] inferenceTotal = new double[2];
    Scheduler sinks = Schedulers.newSingle("sinks");
    List<Path> recordings = new ArrayList<>();
    try (InferencePipeline pipeline = new InferencePipeline(segmenter, settings, metrics)) {
      if (recordDir != null) {
        H264.requireEncoder(); // a run asked to record fails at once if it cannot
        outputs.values().forEach(StreamOutputs::startRecording);
      }
      Flux<AnnotatedFrame> annotated = pipeline.run(sources);
      if (duration != null && !duration.isZero()) {
        annotated = annotated.take(duration);
      }
      annotated.publishOn(sinks, 2).doOnNext(f -> {
        inferenceTotal[0] += f.inferenceMillis() / f.batchSize();
        inferenceTotal[1]++;
        outputs.get(f.frame().sourceId()).deliver(f);
      }).blockLast();
    } finally {
      sources.forEach(FrameSource::close);
      try {
        recordings.addAll(onThread(sinks, () -> {
          List<Path> files = new ArrayList<>();
          outputs.values().forEach(o -> files.addAll(o.close()));
          return files;
        }));
      } finally {
        if (events != null) {
          events.close();
        }
        sinks.dispose();
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    outputs.forEach((id, o) -> counts.put(id, o.delivered()));
    return new Summary(counts, recordings, inferenceTotal[1] == 0 ? 0 : inferenceTotal[0] / inferenceTotal[1]);
  }

  private static <T> T onThread(Scheduler thread, java.util.concurrent.Callable<T> task) {
    return reactor.core.publisher.Mono.fromCallable(task).subscribeOn(thread).block();
  }

  /** Stops the sources; the run then drains and finalises. */
  public void stop() {
    sources.forEach(FrameSource::close);
  }
}

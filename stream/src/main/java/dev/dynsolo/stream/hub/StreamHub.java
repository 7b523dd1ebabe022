package dev.dynsolo.stream.hub;

import dev.dynsolo.model.io.Secrets;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.stream.overlay.Overlay;
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import dev.dynsolo.stream.pipeline.InferencePipeline;
import dev.dynsolo.stream.pipeline.PipelineMetrics;
import dev.dynsolo.stream.pipeline.PreparedFrame;
import dev.dynsolo.stream.sink.DetectionEvents;
import dev.dynsolo.stream.sink.EventSink;
import dev.dynsolo.stream.sink.FramePublisher;
import dev.dynsolo.stream.sink.JpegEncoder;
import dev.dynsolo.stream.sink.PublishedFrame;
import dev.dynsolo.stream.sink.SegmentedRecorder;
import dev.dynsolo.stream.source.FrameSource;
import dev.dynsolo.stream.source.FrameSources;
import dev.dynsolo.stream.source.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The running pipeline of a server: streams are added and removed while the others keep going,
 * all sharing one batched inference worker. Annotated frames go, on one sink thread, to the
 * recorders of streams being recorded, to the {@link FramePublisher} for streams someone watches,
 * and to the event sink. Closing drains in order: sources, pipeline, sinks.
 */
public final class StreamHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);
  private static final long CONTROL_TIMEOUT_SECONDS = 30;

  private final Segmenter segmenter;
  private final HubSettings settings;
  private final EventSink events;
  private final InferencePipeline pipeline;
  private final PipelineMetrics metrics;
  private final Sinks.Many<Flux<PreparedFrame>> inputs = Sinks.many().unicast().onBackpressureBuffer();
  private final Map<String, HubStream> streams = new LinkedHashMap<>();
  private final FramePublisher publisher = new FramePublisher();
  private final JpegEncoder jpeg;
  private final Scheduler sinkThread = Schedulers.newSingle("stream-sinks");
  private final Disposable running;
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private volatile Overlay overlay;
  private volatile OverlaySettings overlaySettings;
  private volatile String pipelineError;
  private boolean closed;

  /** @param events where detection events go, or null */
  public StreamHub(Segmenter segmenter, HubSettings settings, OverlaySettings overlay, PipelineMetrics metrics,
      EventSink events) {
    this.segmenter = segmenter;
    this.settings = settings;
    this.events = events;
    this.jpeg = new JpegEncoder(settings.jpegQuality());
    setOverlay(overlay);
    this.metrics = metrics;
    this.pipeline = new InferencePipeline(segmenter, settings.pipeline(), metrics);
    this.running = pipeline.infer(Flux.merge(inputs.asFlux(), 4096, 1))
        .publishOn(sinkThread, 2)
        .subscribe(this::deliver, this::pipelineFailed, () -> drained.complete(null));
  }

  /** Opens and starts a stream; fails if the name is taken, the limit is reached or the hub is closed. */
  public synchronized StreamView add(SourceSpec spec) {
    if (closed) {
      throw new StreamRefused(StreamRefused.Reason.SHUTTING_DOWN, "the server is shutting down");
    }
    if (streams.containsKey(spec.id())) {
      throw new StreamRefused(StreamRefused.Reason.NAME_TAKEN, "stream " + spec.id() + " already exists");
    }
    if (streams.size() >= settings.maxStreams()) {
      throw new StreamRefused(StreamRefused.Reason.AT_CAPACITY, "at most " + settings.maxStreams()
          + " streams can run at once");
    }
    FrameSource source = FrameSources.openRetrying(spec);
    HubStream stream = new HubStream(source, metrics.source(spec.id(), source::status));
    streams.put(spec.id(), stream);
    Flux<PreparedFrame> prepared = pipeline.prepare(source.frames(), spec.live())
        .onErrorResume(e -> {
          String message = Secrets.redact(e.getMessage() == null ? e.toString() : e.getMessage());
          LOG.warn("stream {} stopped: {}", spec.id(), message);
          stream.failed(message);
          return Flux.empty();
        });
    inputs.emitNext(prepared, Sinks.EmitFailureHandler.FAIL_FAST);
    return stream.view();
  }

  /** Stops and removes a stream, finalising its recording; false if there is no such stream. */
  public boolean remove(String id) {
    HubStream stream;
    synchronized (this) {
      stream = streams.remove(id);
    }
    if (stream == null) {
      return false;
    }
    stream.source.close();
    try {
      stream.gauges.close();
    } catch (Exception e) {
      LOG.debug("removing gauges of {}: {}", id, e.toString());
    }
    onSinkThread(() -> {
      stream.stopRecording();
      publisher.complete(id);
      publisher.complete(rawChannel(id));
      return null;
    });
    return true;
  }

  public synchronized List<StreamView> streams() {
    return streams.values().stream().map(HubStream::view).toList();
  }

  public synchronized Optional<StreamView> stream(String id) {
    return Optional.ofNullable(streams.get(id)).map(HubStream::view);
  }

  /** Live annotated frames of a stream for a viewer (see {@link FramePublisher}). */
  public Flux<PublishedFrame> frames(String id) {
    return frames(id, true);
  }

  /** Live frames of a stream, with the server's overlay or without it (for masks drawn by the viewer). */
  public Flux<PublishedFrame> frames(String id, boolean annotated) {
    return publisher.frames(annotated ? id : rawChannel(id));
  }

  private static String rawChannel(String id) {
    return id + "#raw"; // '#' cannot occur in a stream name
  }

  /** Starts recording a stream (no-op if it is recording); returns the file being written from its next frame. */
  public void startRecording(String id) {
    HubStream stream = require(id);
    onSinkThread(() -> {
      if (stream.recorder() == null) {
        stream.startRecording(new SegmentedRecorder(settings.recordDir(), id, stream.source.nominalFps(),
            settings.segmentSeconds()));
        LOG.info("stream {}: recording into {}", id, settings.recordDir());
      }
      return null;
    });
  }

  /** Stops recording a stream and returns the finished files (empty if it was not recording). */
  public List<Path> stopRecording(String id) {
    HubStream stream = require(id);
    List<Path> files = onSinkThread(stream::stopRecording);
    if (!files.isEmpty()) {
      LOG.info("stream {}: recording stopped, {}", id, files);
    }
    return files;
  }

  /** The recording files, newest first. */
  public List<Recording> recordings() {
    Path dir = settings.recordDir();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> active = new ArrayList<>();
    synchronized (this) {
      for (HubStream s : streams.values()) {
        Path p = s.activeSegment();
        if (p != null) {
          active.add(p.getFileName());
        }
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".mp4") && Files.isRegularFile(p))
          .map(p -> toRecording(p, active.contains(p.getFileName())))
          .sorted(Comparator.comparingLong(Recording::modifiedMillis).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list recordings in " + dir, e);
    }
  }

  /** A recording file by name, only if it is one of {@link #recordings()} (no path escapes the directory). */
  public Optional<Path> recordingFile(String name) {
    return recordings().stream().filter(r -> r.name().equals(name)).findFirst()
        .map(r -> settings.recordDir().resolve(r.name()));
  }

  private static final java.util.regex.Pattern SEGMENT_NAME =
      java.util.regex.Pattern.compile("^(.+)-\\d{8}-\\d{6}-\\d{3,}\\.mp4$");

  private static Recording toRecording(Path file, boolean active) {
    String name = file.getFileName().toString();
    var m = SEGMENT_NAME.matcher(name);
    try {
      return new Recording(name, m.matches() ? m.group(1) : "", Files.size(file),
          Files.getLastModifiedTime(file).toMillis(), active);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public OverlaySettings overlay() {
    return overlaySettings;
  }

  /** Changes what the server draws; the class filter may only name the model's classes. */
  public void setOverlay(OverlaySettings settings) {
    List<String> known = segmenter.info().classNames();
    for (String name : settings.classes()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("overlay.classes: unknown class '" + name + "'; the model has " + known);
      }
    }
    this.overlaySettings = settings;
    this.overlay = new Overlay(settings);
  }

  public Segmenter segmenter() {
    return segmenter;
  }

  /** Why the pipeline stopped, or null while it runs. */
  public String pipelineError() {
    return pipelineError;
  }

  /** Live frames the batcher replaced with fresher ones. */
  public long staleDrops() {
    return pipeline.staleDrops();
  }

  private void deliver(AnnotatedFrame f) {
    String id = f.frame().sourceId();
    HubStream stream;
    synchronized (this) {
      stream = streams.get(id);
    }
    if (stream == null) {
      return; // removed while this frame was in flight
    }
    double fps = stream.count(f);
    SegmentedRecorder recorder = stream.recorder();
    boolean watched = publisher.watched(id);
    boolean watchedRaw = publisher.watched(rawChannel(id));
    String meta = watched || watchedRaw ? metadata(f, fps) : null;
    if (watchedRaw) {
      publisher.publish(new PublishedFrame(rawChannel(id), f.frame().sequence(), jpeg.encode(f.frame().image()), meta));
    }
    if (recorder != null || watched) {
      RgbImage drawn = overlay.draw(f, fps);
      if (recorder != null) {
        try {
          recorder.write(drawn, f.frame().timestampMicros());
        } catch (RuntimeException e) {
          LOG.warn("stream {}: recording stopped: {}", id, e.getMessage());
          stream.stopRecording();
        }
      }
      if (watched) {
        publisher.publish(new PublishedFrame(id, f.frame().sequence(), jpeg.encode(drawn), meta));
      }
    }
    if (events != null) {
      events.accept(f);
    }
  }

  /** The live view's JSON for a frame: its instances with polygons, and the stream's figures. */
  private static String metadata(AnnotatedFrame f, double fps) {
    var meta = DetectionEvents.toJson(f, DetectionEvents.MaskFormat.POLYGON);
    meta.put("fps", Math.round(fps * 10) / 10.0);
    meta.put("latencyMillis", Math.round(f.ageMillis()));
    return meta.toString();
  }

  private void pipelineFailed(Throwable e) {
    pipelineError = e.toString();
    LOG.error("the inference pipeline stopped: {}", e.toString());
    drained.complete(null);
  }

  private synchronized HubStream require(String id) {
    HubStream stream = streams.get(id);
    if (stream == null) {
      throw new java.util.NoSuchElementException("no stream named " + id);
    }
    return stream;
  }

  /** Runs a task on the sink thread (where recorders live) and waits for it. */
  private <T> T onSinkThread(java.util.concurrent.Callable<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    sinkThread.schedule(() -> {
      try {
        result.complete(task.call());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    try {
      return result.get(CONTROL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the sink thread did not answer in " + CONTROL_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /** Stops every source, lets the frames in flight reach the sinks, then finalises recordings and events. */
  @Override
  public void close() {
    List<HubStream> all;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = new ArrayList<>(streams.values());
    }
    all.forEach(s -> s.source.close());
    inputs.tryEmitComplete();
    try {
      drained.get(CONTROL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("pipeline did not drain in {} s; closing anyway", CONTROL_TIMEOUT_SECONDS);
      running.dispose();
    }
    try {
      onSinkThread(() -> {
        for (HubStream s : all) {
          s.stopRecording();
          publisher.complete(s.id());
          publisher.complete(rawChannel(s.id()));
        }
        return null;
      });
    } finally {
      if (events != null) {
        events.close();
      }
      sinkThread.dispose();
      pipeline.close();
    }
  }
}

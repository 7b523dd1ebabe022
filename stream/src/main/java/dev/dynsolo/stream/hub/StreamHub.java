package dev.dynsolo.stream.hub;

import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.io.Secrets;
import dev.dynsolo.stream.overlay.Overlay;
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import dev.dynsolo.stream.pipeline.InferencePipeline;
import dev.dynsolo.stream.pipeline.PipelineMetrics;
import dev.dynsolo.stream.pipeline.PreparedFrame;
import dev.dynsolo.stream.sink.EventSink;
import dev.dynsolo.stream.sink.FramePublisher;
import dev.dynsolo.stream.sink.JpegEncoder;
import dev.dynsolo.stream.sink.PublishedFrame;
import dev.dynsolo.stream.sink.Recorder;
import dev.dynsolo.stream.sink.SegmentedRecorder;
import dev.dynsolo.stream.sink.SinkContext;
import dev.dynsolo.stream.sink.SnapshotStore;
import dev.dynsolo.stream.delivery.EventIds;
import dev.dynsolo.stream.sink.StreamOutputs;
import dev.dynsolo.stream.source.FrameSource;
import dev.dynsolo.stream.source.FrameSources;
import dev.dynsolo.stream.source.SourceSpec;
import dev.dynsolo.stream.track.TrackView;
import dev.dynsolo.stream.zone.ZoneSettings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The running pipeline of a server: streams are added and removed while the others keep going,
 * all sharing one batched inference worker. Annotated frames go, on one sink thread, to each
 * stream's {@link StreamOutputs} (recording, live view, events). Closing drains in order:
 * sources, pipeline, sinks. The API sees it through narrow interfaces, one per concern.
 */
public final class StreamHub implements StreamControl, RecordingControl, LiveFrames, OverlayControl, PipelineHealth,
    AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);
  private static final long CONTROL_TIMEOUT_SECONDS = 30;

  private final Segmenter segmenter;
  private final InferencePipeline pipeline;
  private final PipelineMetrics metrics;
  private final EventSink events;
  private final SinkContext sinks;
  private final StreamRegistry registry;
  private final RecordingStore recordings;
  private final Sinks.Many<Flux<PreparedFrame>> inputs = Sinks.many().unicast().onBackpressureBuffer();
  private final FramePublisher publisher = new FramePublisher();
  private final Scheduler sinkThread = Schedulers.newSingle("stream-sinks");
  private final Disposable running;
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private volatile Overlay overlay;
  private volatile OverlaySettings overlaySettings;
  private volatile String pipelineError;
  private final SnapshotStore snapshotStore;

  /** @param events where detection events go, or null */
  public StreamHub(Segmenter segmenter, HubSettings settings, OverlaySettings overlay, PipelineMetrics metrics,
      EventSink events) {
    this(segmenter, settings, overlay, metrics, events,
        SegmentedRecorder.into(settings.recordDir(), settings.segmentSeconds()));
  }

  /** @param recorders how recordings are written (a test may inject faults here) */
  public StreamHub(Segmenter segmenter, HubSettings settings, OverlaySettings overlay, PipelineMetrics metrics,
      EventSink events, Recorder.Factory recorders) {
    this(segmenter, settings, overlay, metrics, events, recorders, SinkContext.ZoneEventListener.NONE, null);
  }

  /**
   * @param zoneEvents told of every zone and line event besides the metrics (deliveries to other systems)
   * @param snapshots where zone events' snapshots are kept, or null for none
   */
  public StreamHub(Segmenter segmenter, HubSettings settings, OverlaySettings overlay, PipelineMetrics metrics,
      EventSink events, Recorder.Factory recorders, SinkContext.ZoneEventListener zoneEvents,
      SnapshotStore snapshots) {
    this.snapshotStore = snapshots;
    this.segmenter = segmenter;
    this.metrics = metrics;
    this.events = events;
    setOverlay(overlay);
    this.sinks = new SinkContext(() -> this.overlay, publisher, new JpegEncoder(settings.jpegQuality()), events,
        recorders, metrics::failure, System::nanoTime, settings.tracking(), (stream, happened) -> {
          metrics.zoneEvents(stream, happened);
          zoneEvents.accept(stream, happened);
        }, new EventIds(), snapshots);
    this.registry = new StreamRegistry(settings.maxStreams());
    this.recordings = new RecordingStore(settings.recordDir(), this::activeSegments);
    this.pipeline = new InferencePipeline(segmenter, settings.pipeline(), metrics);
    this.running = pipeline.infer(Flux.merge(inputs.asFlux(), 4096, 1))
        .publishOn(sinkThread, 2)
        .subscribe(this::deliver, this::pipelineFailed, () -> drained.complete(null));
  }

  @Override
  public StreamView add(SourceSpec spec) {
    return add(spec, ZoneSettings.NONE);
  }

  @Override
  public StreamView add(SourceSpec spec, ZoneSettings zones) {
    if (!zones.isEmpty() && !sinks.tracking().enabled()) {
      throw new IllegalArgumentException("stream " + spec.id() + ": zones and lines need tracking.enabled: true");
    }
    HubStream stream = registry.add(spec.id(), () -> {
      FrameSource source = FrameSources.openRetrying(spec);
      return new HubStream(source, metrics.source(spec.id(), source::status),
          new StreamOutputs(spec.id(), source::nominalFps, sinks, zones));
    });
    Flux<PreparedFrame> prepared = pipeline.prepare(stream.source.frames(), spec.live())
        .onErrorResume(e -> {
          String message = Secrets.redact(e.getMessage() == null ? e.toString() : e.getMessage());
          LOG.warn("stream {} stopped: {}", spec.id(), message);
          stream.failed(message);
          return Flux.empty();
        });
    inputs.emitNext(prepared, Sinks.EmitFailureHandler.FAIL_FAST);
    return stream.view();
  }

  @Override
  public boolean remove(String id) {
    HubStream stream = registry.remove(id);
    if (stream == null) {
      return false;
    }
    stream.source.close();
    try {
      stream.gauges.close();
    } catch (Exception e) {
      LOG.debug("removing gauges of {}: {}", id, e.toString());
    }
    onSinkThread(stream.outputs::close);
    return true;
  }

  @Override
  public List<StreamView> streams() {
    return registry.all().stream().map(HubStream::view).toList();
  }

  @Override
  public Optional<StreamView> stream(String id) {
    return registry.get(id).map(HubStream::view);
  }

  @Override
  public List<TrackView> tracks(String id) {
    return require(id).outputs.tracks();
  }

  @Override
  public ZoneView setZones(String id, ZoneSettings zones) {
    StreamOutputs outputs = require(id).outputs;
    onSinkThread(() -> {
      outputs.setZones(zones);
      return null;
    });
    LOG.info("stream {}: {} zone(s) and {} line(s)", id, zones.zones().size(), zones.lines().size());
    return zones(id);
  }

  @Override
  public ZoneView zones(String id) {
    StreamOutputs outputs = require(id).outputs;
    return new ZoneView(outputs.zoneSettings(), outputs.zoneCounts());
  }

  @Override
  public boolean exists(String id) {
    return registry.get(id).isPresent();
  }

  /** Live annotated frames of a stream for a viewer (see {@link FramePublisher}). */
  public Flux<PublishedFrame> frames(String id) {
    return frames(id, true);
  }

  @Override
  public Flux<PublishedFrame> frames(String id, boolean annotated) {
    return publisher.frames(annotated ? id : StreamOutputs.rawChannel(id));
  }

  @Override
  public void startRecording(String id) {
    StreamOutputs outputs = require(id).outputs;
    if (onSinkThread(outputs::startRecording)) {
      LOG.info("stream {}: recording", id);
    }
  }

  @Override
  public List<Path> stopRecording(String id) {
    List<Path> files = onSinkThread(require(id).outputs::stopRecording);
    if (!files.isEmpty()) {
      LOG.info("stream {}: recording stopped, {}", id, files.stream().map(Path::getFileName).toList());
    }
    return files;
  }

  @Override
  public List<Recording> recordings() {
    return recordings.list();
  }

  @Override
  public Optional<Path> recordingFile(String name) {
    return recordings.file(name);
  }

  private Set<Path> activeSegments() {
    Set<Path> active = new HashSet<>();
    for (HubStream s : registry.all()) {
      Path p = s.outputs.activeSegment();
      if (p != null) {
        active.add(p.getFileName());
      }
    }
    return active;
  }

  /** A zone event's snapshot by file name, if snapshots are kept and it exists. */
  public Optional<Path> snapshot(String name) {
    return snapshotStore == null ? Optional.empty() : snapshotStore.file(name);
  }

  @Override
  public OverlaySettings overlay() {
    return overlaySettings;
  }

  @Override
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

  @Override
  public Optional<String> pipelineProblem() {
    String stopped = pipelineError;
    if (stopped != null) {
      return Optional.of("the inference pipeline stopped: " + stopped);
    }
    return pipeline.watch().problem();
  }

  @Override
  public long inferenceFailures() {
    return pipeline.watch().failures();
  }

  /** Live frames the batcher replaced with fresher ones. */
  public long staleDrops() {
    return pipeline.staleDrops();
  }

  private void deliver(AnnotatedFrame f) {
    Optional<HubStream> stream = registry.get(f.frame().sourceId());
    // absent: removed while this frame was in flight
    stream.ifPresent(s -> s.outputs.deliver(f));
  }

  private void pipelineFailed(Throwable e) {
    pipelineError = Secrets.redact(e.toString());
    LOG.error("the inference pipeline stopped: {}", pipelineError);
    drained.complete(null);
  }

  private HubStream require(String id) {
    return registry.get(id).orElseThrow(() -> new NoSuchElementException("no stream named " + id));
  }

  /** Runs a task on the sink thread (where recorders live) and waits for it. */
  private <T> T onSinkThread(Callable<T> task) {
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
    List<HubStream> all = registry.close();
    if (all == null) {
      return;
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
        all.forEach(s -> s.outputs.close());
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

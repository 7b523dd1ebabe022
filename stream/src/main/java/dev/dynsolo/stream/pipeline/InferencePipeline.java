package dev.dynsolo.stream.pipeline;

import dev.dynsolo.model.api.LetterboxedImage;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.io.Secrets;
import dev.dynsolo.stream.frame.VideoFrame;
import dev.dynsolo.stream.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Frames of many sources to annotated frames: each source is prepared off the inference thread,
 * sources are merged, and one inference worker takes a batch (up to a size, waiting at most a time)
 * only when it is free, so demand reaches the sources only as fast as the model goes.
 * Live sources then drop their oldest frames; files are simply read more slowly.
 *
 * <p>Faults stay local: a frame that cannot be prepared is skipped, and a batch whose inference
 * throws is dropped (counted, logged, reported by {@link #watch()}); the next batch is tried as usual.
 */
public final class InferencePipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InferencePipeline.class);
  private final Segmenter segmenter;
  private final PipelineSettings settings;
  private final PipelineMetrics metrics;
  private final Scheduler preprocess;
  private final Scheduler inference;
  private final Scheduler timers;
  private final LongSupplier clock;
  private final InferenceWatch watch;
  private final AtomicLong staleDrops = new AtomicLong();
  private static final long FAILURE_LOG_INTERVAL_NANOS = 60_000_000_000L;
  private long lastFailureLog;

  public InferencePipeline(Segmenter segmenter, PipelineSettings settings, PipelineMetrics metrics) {
    this(segmenter, settings, metrics, Schedulers.newParallel("preprocess",
        Math.max(1, Runtime.getRuntime().availableProcessors() / 2)), Schedulers.newSingle("inference"),
        Schedulers.parallel(), System::nanoTime);
  }

  /**
   * @param timers runs the batcher's gathering timeouts
   * @param clock the clock of the frames' {@code capturedNanos}
   */
  InferencePipeline(Segmenter segmenter, PipelineSettings settings, PipelineMetrics metrics, Scheduler preprocess,
      Scheduler inference, Scheduler timers, LongSupplier clock) {
    this.segmenter = segmenter;
    this.settings = settings;
    this.metrics = metrics;
    this.preprocess = preprocess;
    this.inference = inference;
    this.timers = timers;
    this.clock = clock;
    this.watch = new InferenceWatch(clock, settings.stallLimit());
  }

  /**
   * Prepares one source's frames (the model's own resize rule) on the preprocessing pool, one frame ahead.
   *
   * @param live frames of a live source may be replaced by newer ones; a file's never are
   */
  public Flux<PreparedFrame> prepare(Flux<VideoFrame> frames, boolean live) {
    return frames
        .doOnNext(f -> metrics.input(f.sourceId()))
        .publishOn(preprocess, 1)
        .handle((f, sink) -> {
          try {
            sink.next(new PreparedFrame(f, segmenter.prepare(f.image()), live));
          } catch (RuntimeException e) {
            metrics.failure("prepare", f.sourceId());
            LOG.warn("stream {}: frame {} skipped, it could not be prepared: {}", f.sourceId(), f.sequence(),
                Secrets.redact(String.valueOf(e.getMessage())));
          }
        });
  }

  /**
   * Batches prepared frames (from any number of merged sources) through the model: the worker asks
   * for the next batch only when the previous one is done (see {@link DemandBatcher}).
   */
  public Flux<AnnotatedFrame> infer(Flux<PreparedFrame> prepared) {
    return DemandBatcher.batches(prepared, settings.maxBatch(), settings.maxWait(), timers, clock, this::stale)
        .concatMap(batch -> Mono.fromCallable(() -> segmentBatch(batch)).subscribeOn(inference)
            .flatMapIterable(frames -> frames), 0);
  }

  private void stale(PreparedFrame frame) {
    staleDrops.incrementAndGet();
    metrics.stale(frame.frame().sourceId());
  }

  /** Live frames replaced at the batcher because they waited behind a running batch. */
  public long staleDrops() {
    return staleDrops.get();
  }

  /** The inference worker's state, for liveness. */
  public InferenceWatch watch() {
    return watch;
  }

  /** Prepares each source (live or lossless by its kind), merges them and infers. */
  public Flux<AnnotatedFrame> run(List<FrameSource> sources) {
    List<Flux<PreparedFrame>> prepared = new ArrayList<>();
    for (FrameSource s : sources) {
      prepared.add(prepare(s.frames(), s.spec().live()));
    }
    return infer(Flux.merge(Flux.fromIterable(prepared), prepared.size(), 1));
  }

  private List<AnnotatedFrame> segmentBatch(List<PreparedFrame> batch) {
    List<LetterboxedImage> inputs = new ArrayList<>(batch.size());
    for (PreparedFrame p : batch) {
      inputs.add(p.input());
    }
    watch.started();
    long t0 = System.nanoTime();
    List<Segmentation> results;
    try {
      results = segmenter.segmentLetterboxed(inputs);
    } catch (RuntimeException e) {
      watch.failed(e);
      for (PreparedFrame p : batch) {
        metrics.failure("inference", p.frame().sourceId());
      }
      long now = System.nanoTime();
      if (lastFailureLog == 0 || now - lastFailureLog > FAILURE_LOG_INTERVAL_NANOS) {
        lastFailureLog = now;
        LOG.warn("inference failed, the batch's frames are skipped ({} failed batches so far, logged at most once a"
            + " minute): {}", watch.failures(), watch.lastError());
      }
      return List.of();
    }
    watch.succeeded();
    long t1 = System.nanoTime();
    double millis = (t1 - t0) / 1e6;
    metrics.batch(batch.size(), millis);
    long now = clock.getAsLong();
    List<AnnotatedFrame> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      VideoFrame frame = batch.get(i).frame();
      double age = (now - frame.capturedNanos()) / 1e6;
      metrics.inferred(frame.sourceId(), age);
      out.add(new AnnotatedFrame(frame, results.get(i), batch.size(), millis, age));
    }
    return out;
  }

  @Override
  public void close() {
    preprocess.dispose();
    inference.dispose();
  }
}

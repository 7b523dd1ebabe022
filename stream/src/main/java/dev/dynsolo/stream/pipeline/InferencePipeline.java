package dev.dynsolo.stream.pipeline;

import dev.dynsolo.model.api.LetterboxedImage;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.stream.frame.VideoFrame;
import dev.dynsolo.stream.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Frames of many sources to annotated frames: each source is letterboxed off the inference thread,
 * sources are merged, and one inference worker takes a batch (up to a size, waiting at most a time)
 * only when it is free, so demand reaches the sources only as fast as the model goes.
 * Live sources then drop their oldest frames; files are simply read more slowly.
 */
public final class InferencePipeline implements AutoCloseable {
  private final Segmenter segmenter;
  private final PipelineSettings settings;
  private final PipelineMetrics metrics;
  private final Scheduler preprocess;
  private final Scheduler inference;
  private final java.util.concurrent.atomic.AtomicLong staleDrops = new java.util.concurrent.atomic.AtomicLong();

  public InferencePipeline(Segmenter segmenter, PipelineSettings settings, PipelineMetrics metrics) {
    this.segmenter = segmenter;
    this.settings = settings;
    this.metrics = metrics;
    this.preprocess = Schedulers.newParallel("preprocess", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    this.inference = Schedulers.newSingle("inference");
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
        .map(f -> new PreparedFrame(f, segmenter.prepare(f.image()), live));
  }

  /**
   * Batches prepared frames (from any number of merged sources) through the model: the worker asks
   * for a batch only when it is free (see {@link DemandBatcher}).
   */
  public Flux<AnnotatedFrame> infer(Flux<PreparedFrame> prepared) {
    return DemandBatcher.batches(prepared, settings.maxBatch(), settings.maxWait(), staleDrops)
        .subscribeOn(inference)
        .concatMapIterable(this::segmentBatch, 1);
  }

  /** Live frames replaced at the batcher because they waited behind a running batch. */
  public long staleDrops() {
    return staleDrops.get();
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
    long t0 = System.nanoTime();
    List<Segmentation> results = segmenter.segmentLetterboxed(inputs);
    long t1 = System.nanoTime();
    double millis = (t1 - t0) / 1e6;
    metrics.batch(batch.size(), millis);
    List<AnnotatedFrame> out = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      VideoFrame frame = batch.get(i).frame();
      double age = (t1 - frame.capturedNanos()) / 1e6;
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

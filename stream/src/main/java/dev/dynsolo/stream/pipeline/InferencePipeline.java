package dev.dynsolo.stream.pipeline;

import dev.dynsolo.model.api.ImageResizer;
import dev.dynsolo.model.api.Letterbox;
import dev.dynsolo.model.api.LetterboxedImage;
import dev.dynsolo.model.api.ModelInfo;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.stream.frame.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Frames of many sources to annotated frames: each source is letterboxed off the inference thread,
 * sources are merged, batched by size and wait time (fair backpressure), and one inference worker
 * runs batches with a prefetch of 1, so demand reaches the sources only as fast as the model goes.
 * Live sources then drop their oldest frames; files are simply read more slowly.
 */
public final class InferencePipeline implements AutoCloseable {
  private final Segmenter segmenter;
  private final PipelineSettings settings;
  private final PipelineMetrics metrics;
  private final Scheduler preprocess;
  private final Scheduler inference;
  private final byte[] padColour = {124, 116, 104};

  public InferencePipeline(Segmenter segmenter, PipelineSettings settings, PipelineMetrics metrics) {
    this.segmenter = segmenter;
    this.settings = settings;
    this.metrics = metrics;
    this.preprocess = Schedulers.newParallel("preprocess", Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    this.inference = Schedulers.newSingle("inference");
  }

  /** Letterboxes one source's frames on the preprocessing pool, one frame ahead. */
  public Flux<PreparedFrame> prepare(Flux<VideoFrame> frames) {
    ModelInfo info = segmenter.info();
    return frames
        .doOnNext(f -> metrics.input(f.sourceId()))
        .publishOn(preprocess, 1)
        .map(f -> {
          Letterbox box = Letterbox.fit(f.image().width(), f.image().height(), info.inputWidth(), info.inputHeight());
          return new PreparedFrame(f, new LetterboxedImage(ImageResizer.letterbox(f.image(), box, padColour), box));
        });
  }

  /** Batches prepared frames (from any number of merged sources) through the model. */
  public Flux<AnnotatedFrame> infer(Flux<PreparedFrame> prepared) {
    return prepared
        .bufferTimeout(settings.maxBatch(), settings.maxWait(), true)
        .publishOn(inference, 1)
        .concatMapIterable(this::segmentBatch, 1);
  }

  /** Convenience: prepare each source, merge them, infer. */
  public Flux<AnnotatedFrame> run(List<Flux<VideoFrame>> sources) {
    List<Flux<PreparedFrame>> prepared = new ArrayList<>();
    for (Flux<VideoFrame> s : sources) {
      prepared.add(prepare(s));
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

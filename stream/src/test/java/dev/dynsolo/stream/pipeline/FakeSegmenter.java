package dev.dynsolo.stream.pipeline;

import dev.dynsolo.model.api.ImageResizer;
import dev.dynsolo.model.api.Letterbox;
import dev.dynsolo.model.api.LetterboxedImage;
import dev.dynsolo.model.api.ModelInfo;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.api.Thresholds;
import dev.dynsolo.model.config.PostProcessConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A segmenter that finds nothing, takes a set time per call and records its batch sizes; it can
 * be made to throw on every n-th call, as a model whose native call fails now and then.
 */
public final class FakeSegmenter implements Segmenter {
  final List<Integer> batches = new CopyOnWriteArrayList<>();
  private final long millisPerCall;
  private final int failEvery;
  private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

  public FakeSegmenter(long millisPerCall) {
    this(millisPerCall, 0);
  }

  /** @param failEvery throws on calls number failEvery, 2 * failEvery, ... (0: never) */
  public FakeSegmenter(long millisPerCall, int failEvery) {
    this.millisPerCall = millisPerCall;
    this.failEvery = failEvery;
  }

  /** Calls made so far, failed ones included. */
  public int calls() {
    return calls.get();
  }

  @Override
  public ModelInfo info() {
    return new ModelInfo("fake", List.of("a"), 64, 64, 100, Thresholds.of(PostProcessConfig.REFERENCE), "fp32");
  }

  @Override
  public LetterboxedImage prepare(RgbImage f) {
    Letterbox box = Letterbox.fit(f.width(), f.height(), 64, 64);
    return new LetterboxedImage(ImageResizer.letterbox(f, box, new byte[3]), box);
  }

  @Override
  public List<Segmentation> segmentLetterboxed(List<LetterboxedImage> inputs) {
    int call = calls.incrementAndGet();
    if (failEvery > 0 && call % failEvery == 0) {
      throw new IllegalStateException("injected inference failure (call " + call + ")");
    }
    batches.add(inputs.size());
    try {
      Thread.sleep(millisPerCall);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Segmentation> out = new ArrayList<>();
    for (LetterboxedImage i : inputs) {
      out.add(new Segmentation(i.letterbox().frameWidth(), i.letterbox().frameHeight(), List.of()));
    }
    return out;
  }

  @Override
  public void setThresholds(Thresholds thresholds) {}

  @Override
  public void close() {}
}

package dev.dynsolo.model.api;

import java.util.List;

/**
 * Instance segmentation of batches of frames. Implementations are thread-safe: many callers may
 * share one, and a batch is the efficient unit. Close it to free the model's native memory.
 */
public interface Segmenter extends AutoCloseable {

  ModelInfo info();

  /** Segments frames of any size (prepared internally, results in frame coordinates). */
  default List<Segmentation> segment(List<RgbImage> frames) {
    return segmentLetterboxed(frames.stream().map(this::prepare).toList());
  }

  /**
   * Brings a frame to the model input the way this model expects (its card's resize rule:
   * letterbox onto a fixed canvas, or the authors' keep-ratio resize). Pure Java heap work, safe
   * on any thread, so pipelines run it ahead of inference.
   */
  LetterboxedImage prepare(RgbImage frame);

  /** Segments frames already prepared by {@link #prepare} (or an equivalent placement). */
  List<Segmentation> segmentLetterboxed(List<LetterboxedImage> inputs);

  /** Replaces the run-time thresholds for subsequent calls. */
  void setThresholds(Thresholds thresholds);

  @Override
  void close();
}

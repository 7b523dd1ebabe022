package dev.dynsolo.model.api;

import java.util.List;

/**
 * Instance segmentation of batches of frames. Implementations are thread-safe: many callers may
 * share one, and a batch is the efficient unit. Close it to free the model's native memory.
 */
public interface Segmenter extends AutoCloseable {

  ModelInfo info();

  /** Segments frames of any size (letterboxed internally, results in frame coordinates). */
  List<Segmentation> segment(List<RgbImage> frames);

  /** Segments frames already letterboxed to the model input. */
  List<Segmentation> segmentLetterboxed(List<LetterboxedImage> inputs);

  /** Replaces the run-time thresholds for subsequent calls. */
  void setThresholds(Thresholds thresholds);

  @Override
  void close();
}

package dev.dynsolo.stream.pipeline;

import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.stream.frame.VideoFrame;

/**
 * A frame with what the model found in it.
 *
 * @param frame the original frame
 * @param segmentation instances in frame coordinates
 * @param batchSize how many frames shared its inference call
 * @param inferenceMillis wall time of that call
 * @param ageMillis time from capture to the end of inference
 * @param trackIds per instance, its track id or -1 (not part of a confirmed track); null when not tracked
 */
public record AnnotatedFrame(VideoFrame frame, Segmentation segmentation, int batchSize, double inferenceMillis,
    double ageMillis, long[] trackIds) {

  /** A frame as inference leaves it, before tracking. */
  public AnnotatedFrame(VideoFrame frame, Segmentation segmentation, int batchSize, double inferenceMillis,
      double ageMillis) {
    this(frame, segmentation, batchSize, inferenceMillis, ageMillis, null);
  }

  /** The same frame with its instances' track ids. */
  public AnnotatedFrame withTracks(long[] ids) {
    return new AnnotatedFrame(frame, segmentation, batchSize, inferenceMillis, ageMillis, ids);
  }

  /** Instance {@code i}'s track id, or -1. */
  public long trackId(int i) {
    return trackIds == null ? -1 : trackIds[i];
  }
}

package dev.dynsolo.stream.hub;

import dev.dynsolo.stream.pipeline.PipelineSettings;
import dev.dynsolo.stream.track.TrackerSettings;
import java.nio.file.Path;

/**
 * How a {@link StreamHub} runs.
 *
 * @param pipeline batching across streams
 * @param recordDir where recordings go
 * @param segmentSeconds recording segment length (0 = one file per recording)
 * @param jpegQuality quality of the live-view JPEG frames, 1..100
 * @param maxStreams most streams at once
 * @param tracking how each stream's objects are tracked
 */
public record HubSettings(PipelineSettings pipeline, Path recordDir, double segmentSeconds, int jpegQuality,
    int maxStreams, TrackerSettings tracking) {

  /** With tracking at its defaults. */
  public HubSettings(PipelineSettings pipeline, Path recordDir, double segmentSeconds, int jpegQuality,
      int maxStreams) {
    this(pipeline, recordDir, segmentSeconds, jpegQuality, maxStreams, TrackerSettings.DEFAULT);
  }

  public HubSettings {
    if (segmentSeconds < 0) {
      throw new IllegalArgumentException("recording.segmentSeconds must be >= 0, got " + segmentSeconds);
    }
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("server.jpegQuality must be in [1, 100], got " + jpegQuality);
    }
    if (maxStreams < 1) {
      throw new IllegalArgumentException("streams limit must be >= 1, got " + maxStreams);
    }
  }
}

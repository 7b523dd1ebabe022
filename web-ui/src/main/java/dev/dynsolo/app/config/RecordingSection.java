package dev.dynsolo.app.config;

/** {@code recording:} where recordings go and how long a segment is (0 = one file per recording). */
public record RecordingSection(String directory, double segmentSeconds) {
  public RecordingSection {
    if (directory == null || directory.isBlank()) {
      throw new IllegalArgumentException("recording.directory is required");
    }
    if (segmentSeconds < 0) {
      throw new IllegalArgumentException("recording.segmentSeconds must be >= 0, got " + segmentSeconds);
    }
  }
}

package dev.dynsolo.stream.hub;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Starting and stopping recordings and reading the recordings directory, as the API needs it. */
public interface RecordingControl {

  /** Starts recording a stream from its next frame (no-op if it records). */
  void startRecording(String id);

  /** Stops recording a stream and returns the finished files (empty if it was not recording). */
  List<Path> stopRecording(String id);

  /** The recording files, newest first. */
  List<Recording> recordings();

  /** A recording file by name, only if {@link #recordings()} lists it. */
  Optional<Path> recordingFile(String name);
}

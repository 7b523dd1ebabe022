package dev.dynsolo.stream.sink;

import dev.dynsolo.model.api.RgbImage;
import java.nio.file.Path;
import java.util.List;

/** Writes one stream's annotated frames to files; used from one thread. */
public interface Recorder extends AutoCloseable {

  /** Makes the recorder of a stream. */
  interface Factory {
    Recorder open(String stream, double fps);
  }

  /** Writes a frame at a stream timestamp (microseconds, increasing). */
  void write(RgbImage image, long timestampMicros);

  /** Files finished so far (the current one joins them on close). */
  List<Path> segments();

  /** The file being written, or null. */
  Path currentSegment();

  @Override
  void close();
}

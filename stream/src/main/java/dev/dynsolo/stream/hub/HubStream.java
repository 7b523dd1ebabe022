package dev.dynsolo.stream.hub;

import dev.dynsolo.model.io.Secrets;
import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import dev.dynsolo.stream.pipeline.FrameRate;
import dev.dynsolo.stream.sink.SegmentedRecorder;
import dev.dynsolo.stream.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;

/**
 * One stream inside the hub: its source, its figures and its recorder. The recorder is created,
 * written and closed only on the hub's sink thread; the figures are read from any thread.
 */
final class HubStream {
  final FrameSource source;
  final FrameRate rate = new FrameRate();
  final AutoCloseable gauges;
  private volatile double latencyMillis;
  private volatile long inferred;
  private volatile String error;
  private volatile SegmentedRecorder recorder;

  HubStream(FrameSource source, AutoCloseable gauges) {
    this.source = source;
    this.gauges = gauges;
  }

  String id() {
    return source.spec().id();
  }

  /** Updates the figures with a frame that reached the sinks; returns the stream's fps. */
  double count(AnnotatedFrame frame) {
    latencyMillis = frame.ageMillis();
    inferred++;
    return rate.tick(frame.frame().capturedNanos());
  }

  void failed(String message) {
    error = message;
  }

  SegmentedRecorder recorder() {
    return recorder;
  }

  void startRecording(SegmentedRecorder r) {
    recorder = r;
  }

  /** Closes the recorder (sink thread) and returns the segments it wrote. */
  List<Path> stopRecording() {
    SegmentedRecorder r = recorder;
    recorder = null;
    if (r == null) {
      return List.of();
    }
    r.close();
    return new ArrayList<>(r.segments());
  }

  Path activeSegment() {
    SegmentedRecorder r = recorder;
    return r == null ? null : r.currentSegment();
  }

  StreamView view() {
    var spec = source.spec();
    return new StreamView(spec.id(), spec.kind().name().toLowerCase(java.util.Locale.ROOT),
        Secrets.redact(spec.location()), spec.live(), source.status(), rate.fps(), latencyMillis, inferred,
        recorder != null, error);
  }
}

package dev.dynsolo.stream.hub;

import dev.dynsolo.model.io.Secrets;
import dev.dynsolo.stream.sink.StreamOutputs;
import dev.dynsolo.stream.source.FrameSource;
import java.util.Locale;

/** One stream inside the hub: its source, its meters, its sinks and why it stopped, if it did. */
final class HubStream {
  final FrameSource source;
  final AutoCloseable gauges;
  final StreamOutputs outputs;
  private volatile String error;

  HubStream(FrameSource source, AutoCloseable gauges, StreamOutputs outputs) {
    this.source = source;
    this.gauges = gauges;
    this.outputs = outputs;
  }

  String id() {
    return source.spec().id();
  }

  void failed(String message) {
    error = message;
  }

  StreamView view() {
    var spec = source.spec();
    return new StreamView(spec.id(), spec.kind().name().toLowerCase(Locale.ROOT), Secrets.redact(spec.location()),
        spec.live(), source.status(), outputs.fps(), outputs.latencyMillis(), outputs.delivered(),
        outputs.recording(), error, outputs.faults());
  }
}

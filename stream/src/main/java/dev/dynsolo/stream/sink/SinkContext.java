package dev.dynsolo.stream.sink;

import dev.dynsolo.stream.overlay.Overlay;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What every stream's sinks share: the overlay in force, the live view (null for a headless run),
 * its JPEG encoder, the event sink (or null), how recorders are made, where missed frames are
 * counted and the clock of the retry pauses.
 */
public record SinkContext(Supplier<Overlay> overlay, FramePublisher publisher, JpegEncoder jpeg, EventSink events,
    Recorder.Factory recorders, SinkGuard.MissedFrames missed, LongSupplier clock) {}

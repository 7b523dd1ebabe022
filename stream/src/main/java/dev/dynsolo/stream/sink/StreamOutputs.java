package dev.dynsolo.stream.sink;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import dev.dynsolo.stream.pipeline.FrameRate;
import dev.dynsolo.stream.track.ByteTracker;
import dev.dynsolo.stream.track.TrackView;
import dev.dynsolo.stream.zone.ZoneEvent;
import dev.dynsolo.stream.zone.ZoneMonitor;
import dev.dynsolo.stream.zone.ZoneSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Where one stream's annotated frames go, the same in the server and in a headless run: its
 * recording, the live view (with and without the server's overlay) and the event sink, each behind
 * a {@link SinkGuard}, so a sink that fails misses frames while the others go on. Frames are only
 * drawn and encoded when someone records or watches. Used from the one sink thread, except the
 * figures ({@link #fps()}, {@link #delivered()}, {@link #faults()}), which any thread may read.
 */
public final class StreamOutputs {
  private final String stream;
  private final DoubleSupplier nominalFps;
  private final SinkContext context;
  private final FrameRate rate = new FrameRate();
  private final SinkGuard overlay;
  private final SinkGuard recording;
  private final SinkGuard liveView;
  private final SinkGuard events;
  private final SinkGuard delivery;
  private final SinkGuard snapshots;
  private final ByteTracker tracker;
  private volatile ZoneMonitor zones;
  private volatile ZoneSettings zoneSettings;
  private volatile List<TrackView> tracks = List.of();
  private long lastTrackedMicros = -1;
  private volatile boolean recordingWanted;
  private volatile Recorder recorder;
  private volatile long delivered;
  private volatile double latencyMillis;

  /** @param nominalFps the source's frame rate, read when a recording opens (a source knows it once open) */
  public StreamOutputs(String stream, DoubleSupplier nominalFps, SinkContext context) {
    this(stream, nominalFps, context, ZoneSettings.NONE);
  }

  /** @param zones the stream's zones and lines (they need tracking) */
  public StreamOutputs(String stream, DoubleSupplier nominalFps, SinkContext context, ZoneSettings zones) {
    this.stream = stream;
    this.nominalFps = nominalFps;
    this.context = context;
    this.overlay = new SinkGuard("overlay", stream, context.missed(), context.clock());
    this.recording = new SinkGuard("recording", stream, context.missed(), context.clock());
    this.liveView = new SinkGuard("live view", stream, context.missed(), context.clock());
    this.events = new SinkGuard("events", stream, context.missed(), context.clock());
    this.delivery = new SinkGuard("event delivery", stream, context.missed(), context.clock());
    this.tracker = context.tracking().enabled() ? new ByteTracker(context.tracking()) : null;
    requireTracking(zones);
    this.zones = zones.isEmpty() ? null : new ZoneMonitor(zones, ZONE_MARGIN_PIXELS, context.eventIds());
    this.snapshots = new SinkGuard("snapshots", stream, context.missed(), context.clock());
    this.zoneSettings = zones;
  }

  /** Hysteresis band of zone borders and lines. */
  private static final double ZONE_MARGIN_PIXELS = 8;

  /** Tracks the frame's objects, then sends it to every sink that wants it. */
  public void deliver(AnnotatedFrame inferred) {
    AnnotatedFrame f = inferred;
    if (tracker != null) {
      long micros = inferred.frame().timestampMicros();
      double steps = lastTrackedMicros < 0 ? 1 : (micros - lastTrackedMicros) * nominalFps.getAsDouble() / 1e6;
      lastTrackedMicros = micros;
      f = inferred.withTracks(tracker.update(inferred.segmentation().instances(), steps));
      tracks = tracker.active();
    }
    ZoneMonitor monitor = zones;
    if (monitor != null) {
      List<ZoneEvent> happened = withSnapshots(monitor.update(f), f);
      EventSink sink = context.events();
      if (!happened.isEmpty()) {
        delivery.run(() -> context.zoneEvents().accept(stream, happened));
        if (sink != null) {
          events.run(() -> sink.acceptZoneEvents(stream, happened));
        }
      }
    }
    deliverTracked(f);
  }

  /** Replaces the zones and lines from the next frame on (counts start again). */
  public void setZones(ZoneSettings settings) {
    requireTracking(settings);
    zones = settings.isEmpty() ? null : new ZoneMonitor(settings, ZONE_MARGIN_PIXELS, context.eventIds());
    zoneSettings = settings;
  }

  private void requireTracking(ZoneSettings settings) {
    if (!settings.isEmpty() && !context.tracking().enabled()) {
      throw new IllegalArgumentException("stream " + stream + ": zones and lines need tracking.enabled: true");
    }
  }

  /** Keeps a snapshot of each event with a box (when a store is configured) and marks it so. */
  private List<ZoneEvent> withSnapshots(List<ZoneEvent> happened, AnnotatedFrame f) {
    SnapshotStore store = context.snapshots();
    if (store == null || happened.isEmpty()) {
      return happened;
    }
    List<ZoneEvent> out = new ArrayList<>(happened.size());
    for (ZoneEvent e : happened) {
      if (e.box() != null && snapshots.run(() -> store.save(e.id(), f.frame().image(), e.box()))) {
        out.add(e.withSnapshot());
      } else {
        out.add(e);
      }
    }
    return out;
  }

  /** The stream's zones and lines with their live counts, or null when it has none. */
  public ZoneMonitor.Counts zoneCounts() {
    ZoneMonitor monitor = zones;
    return monitor == null ? null : monitor.counts();
  }

  public ZoneSettings zoneSettings() {
    return zoneSettings;
  }

  private void deliverTracked(AnnotatedFrame f) {
    double fps = rate.tick(f.frame().capturedNanos());
    latencyMillis = f.ageMillis();
    delivered++;
    FramePublisher publisher = context.publisher();
    boolean watched = publisher != null && publisher.watched(stream);
    boolean watchedRaw = publisher != null && publisher.watched(rawChannel(stream));
    Recorder r = recordingWanted ? openRecorder() : null;
    String[] meta = new String[1];
    if (watchedRaw) {
      liveView.run(() -> publisher.publish(new PublishedFrame(rawChannel(stream), f.frame().sequence(),
          context.jpeg().encode(f.frame().image()), meta(meta, f, fps))));
    }
    if (watched || r != null) {
      RgbImage[] drawn = new RgbImage[1];
      if (overlay.run(() -> drawn[0] = context.overlay().get().draw(f, fps))) {
        if (r != null) {
          recording.run(() -> r.write(drawn[0], f.frame().timestampMicros()));
        }
        if (watched) {
          liveView.run(() -> publisher.publish(new PublishedFrame(stream, f.frame().sequence(),
              context.jpeg().encode(drawn[0]), meta(meta, f, fps))));
        }
      }
    }
    EventSink sink = context.events();
    if (sink != null) {
      events.run(() -> sink.accept(f));
    }
  }

  /** The live view's channel of a stream's frames without the server's overlay. */
  public static String rawChannel(String stream) {
    return stream + "#raw"; // '#' cannot occur in a stream name
  }

  /** The frame's live-view JSON, made once for both channels. */
  private static String meta(String[] made, AnnotatedFrame f, double fps) {
    if (made[0] == null) {
      made[0] = metadata(f, fps);
    }
    return made[0];
  }

  /** The live view's JSON for a frame: its instances with polygons, and the stream's figures. */
  private static String metadata(AnnotatedFrame f, double fps) {
    var meta = DetectionEvents.toJson(f, DetectionEvents.MaskFormat.POLYGON);
    meta.put("fps", Math.round(fps * 10) / 10.0);
    meta.put("latencyMillis", Math.round(f.ageMillis()));
    return meta.toString();
  }

  /** The recorder, opened at the first frame to record; null while it cannot be opened. */
  private Recorder openRecorder() {
    if (recorder == null) {
      recording.run(() -> recorder = context.recorders().open(stream, nominalFps.getAsDouble()));
    }
    return recorder;
  }

  /** Records from the next frame on; false if it already records. */
  public boolean startRecording() {
    if (recordingWanted) {
      return false;
    }
    recordingWanted = true;
    return true;
  }

  /** Stops recording and returns the files written (empty if it was not recording). */
  public List<Path> stopRecording() {
    recordingWanted = false;
    Recorder r = recorder;
    recorder = null;
    if (r == null) {
      return List.of();
    }
    try {
      r.close();
    } catch (RuntimeException e) {
      recording.run(() -> {
        throw e; // reported like any recording fault; the segments written so far are kept
      });
    }
    return new ArrayList<>(r.segments());
  }

  public boolean recording() {
    return recordingWanted;
  }

  /** The file being recorded now, or null. */
  public Path activeSegment() {
    Recorder r = recorder;
    return r == null ? null : r.currentSegment();
  }

  /** The confirmed tracks of the latest frame (empty when tracking is off). */
  public List<TrackView> tracks() {
    return tracks;
  }

  /** Frames per second reaching the sinks. */
  public double fps() {
    return rate.fps();
  }

  /** Capture to end of inference of the latest frame. */
  public double latencyMillis() {
    return latencyMillis;
  }

  /** Frames that reached the sinks. */
  public long delivered() {
    return delivered;
  }

  /** The sinks failing now, by name, with their last error. */
  public Map<String, String> faults() {
    Map<String, String> faults = new LinkedHashMap<>();
    for (SinkGuard g : List.of(overlay, recording, liveView, events, delivery, snapshots)) {
      String fault = g.fault();
      if (fault != null) {
        faults.put(g.part(), fault);
      }
    }
    return faults;
  }

  /** Ends the stream: finalises its recording and tells its viewers. */
  public List<Path> close() {
    List<Path> files = stopRecording();
    FramePublisher publisher = context.publisher();
    if (publisher != null) {
      publisher.complete(stream);
      publisher.complete(rawChannel(stream));
    }
    return files;
  }
}

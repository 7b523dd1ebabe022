package dev.dynsolo.stream.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A parsed source description: {@code demo}, a file or folder path, {@code file:...},
 * {@code rtsp://}, {@code rtsps://}, {@code http(s)://} or a {@code /dev/videoN} device.
 *
 * @param id the stream's name
 * @param kind what it is
 * @param location the path or URL to open
 * @param targetFps frames per second to keep (0 = as delivered)
 * @param everyNth files: process every n-th frame (1 = all)
 * @param rtspTransport {@code tcp} or {@code udp} for RTSP
 * @param policy newest frame or every frame when the model is slower (see {@link FramePolicy})
 * @param loop files: start again at the end, for ever (a recorded scene as a test camera)
 */
public record SourceSpec(String id, SourceKind kind, String location, double targetFps, int everyNth, String rtspTransport,
    FramePolicy policy, boolean loop) {

  public SourceSpec {
    if (id == null || !id.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("stream name '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
    if (targetFps < 0) {
      throw new IllegalArgumentException("target fps of " + id + " must be >= 0, got " + targetFps);
    }
    if (everyNth < 1) {
      throw new IllegalArgumentException("every-nth of " + id + " must be >= 1, got " + everyNth);
    }
    if (!"tcp".equals(rtspTransport) && !"udp".equals(rtspTransport)) {
      throw new IllegalArgumentException("rtsp transport of " + id + " must be tcp or udp, got " + rtspTransport);
    }
    if (policy == null) {
      policy = FramePolicy.AUTO;
    }
    if (policy == FramePolicy.LOSSLESS && kind.live()) {
      throw new IllegalArgumentException("policy lossless of " + id + " needs a file or images: a " + kind.name()
          .toLowerCase(Locale.ROOT) + " source cannot wait for the model");
    }
    if (loop && kind != SourceKind.FILE) {
      throw new IllegalArgumentException("loop of " + id + " needs a video file, not a " + kind.name()
          .toLowerCase(Locale.ROOT) + " source");
    }
    if (policy == FramePolicy.LATEST && kind == SourceKind.IMAGES) {
      throw new IllegalArgumentException("policy latest of " + id + " needs a video or a live source: images are"
          + " always read one by one");
    }
  }

  /**
   * Whether the stream keeps only its newest frame (and may drop): live sources, and files played
   * with policy {@code latest}.
   */
  public boolean live() {
    return policy == FramePolicy.AUTO ? kind.live() : policy == FramePolicy.LATEST;
  }

  /** Parses what a user typed; an unsupported scheme or a missing file fails naming it. */
  public static SourceSpec parse(String id, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("source of " + id + " is empty");
    }
    String t = text.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    SourceKind kind;
    String location = t;
    if (lower.equals("demo")) {
      kind = SourceKind.DEMO;
    } else if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
      kind = SourceKind.RTSP;
    } else if (lower.startsWith("http://") || lower.startsWith("https://")) {
      kind = SourceKind.HTTP;
    } else if (lower.startsWith("/dev/video")) {
      kind = SourceKind.WEBCAM;
    } else if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw new IllegalArgumentException("unsupported source scheme in '" + t
          + "': use rtsp://, rtsps://, http://, https://, a file, a folder, /dev/videoN or demo");
    } else {
      location = lower.startsWith("file:") ? t.substring(5) : t;
      Path path = Path.of(location);
      if (!Files.exists(path)) {
        throw new IllegalArgumentException("source file " + location + " not found");
      }
      kind = Files.isDirectory(path) || isImage(lower) ? SourceKind.IMAGES : SourceKind.FILE;
    }
    return new SourceSpec(id, kind, location, 0, 1, "tcp", FramePolicy.AUTO, false);
  }

  public SourceSpec withTargetFps(double fps) {
    return new SourceSpec(id, kind, location, fps, everyNth, rtspTransport, policy, loop);
  }

  public SourceSpec withEveryNth(int n) {
    return new SourceSpec(id, kind, location, targetFps, n, rtspTransport, policy, loop);
  }

  public SourceSpec withRtspTransport(String transport) {
    return new SourceSpec(id, kind, location, targetFps, everyNth, transport, policy, loop);
  }

  public SourceSpec withPolicy(FramePolicy newPolicy) {
    return new SourceSpec(id, kind, location, targetFps, everyNth, rtspTransport, newPolicy, loop);
  }

  public SourceSpec withLoop(boolean newLoop) {
    return new SourceSpec(id, kind, location, targetFps, everyNth, rtspTransport, policy, newLoop);
  }

  static boolean isImage(String name) {
    return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png") || name.endsWith(".bmp");
  }
}

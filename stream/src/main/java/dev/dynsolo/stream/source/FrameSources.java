package dev.dynsolo.stream.source;

/** Creates the right {@link FrameSource} for a spec. */
public final class FrameSources {
  private FrameSources() {}

  /** A source whose live camera must answer its first connection (the headless {@code run}). */
  public static FrameSource open(SourceSpec spec) {
    return open(spec, false);
  }

  /**
   * A source for a long-running server: a live camera that does not answer yet is retried forever
   * with capped backoff (after a power cut the server may boot before its cameras).
   */
  public static FrameSource openRetrying(SourceSpec spec) {
    return open(spec, true);
  }

  private static FrameSource open(SourceSpec spec, boolean retryFirstConnection) {
    return switch (spec.kind()) {
      case FILE -> new FileSource(spec);
      case IMAGES -> new ImageSource(spec);
      case DEMO -> new SyntheticSource(spec, 7);
      case RTSP, HTTP, WEBCAM -> new LiveSource(spec, Backoff.DEFAULT, -1, retryFirstConnection);
    };
  }
}

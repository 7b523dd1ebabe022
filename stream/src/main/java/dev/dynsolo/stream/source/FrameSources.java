package dev.dynsolo.stream.source;

/** Creates the right {@link FrameSource} for a spec. */
public final class FrameSources {
  private FrameSources() {}

  public static FrameSource open(SourceSpec spec) {
    return switch (spec.kind()) {
      case FILE -> new FileSource(spec);
      case IMAGES -> new ImageSource(spec);
      case DEMO -> new SyntheticSource(spec, 7);
      case RTSP, HTTP, WEBCAM -> new LiveSource(spec, Backoff.DEFAULT, -1);
    };
  }
}

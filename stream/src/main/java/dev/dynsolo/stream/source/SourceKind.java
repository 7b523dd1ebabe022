package dev.dynsolo.stream.source;

/** What a source URL names. */
public enum SourceKind {
  /** A video file in any container FFmpeg reads: processed losslessly. */
  FILE,
  /** A single image or a folder of images. */
  IMAGES,
  /** RTSP (TCP or UDP transport). */
  RTSP,
  /** HTTP(S): MJPEG or HLS. */
  HTTP,
  /** A V4L2 webcam device path. */
  WEBCAM,
  /** The built-in synthetic scene of moving shapes. */
  DEMO;

  /** Live sources keep the newest frames and reconnect; the others are read at the model's pace. */
  public boolean live() {
    return this == RTSP || this == HTTP || this == WEBCAM || this == DEMO;
  }
}

package dev.dynsolo.stream.sink;

import org.bytedeco.ffmpeg.global.avcodec;

/** The H.264 encoder recordings use. FFmpeg silently substitutes unknown codec names, so check first. */
public final class H264 {
  /** LGPL builds of FFmpeg encode H.264 through Cisco's libopenh264. */
  public static final String ENCODER = "libopenh264";

  private H264() {}

  /** Fails with a clear message when this FFmpeg build lacks the encoder. */
  public static void requireEncoder() {
    if (avcodec.avcodec_find_encoder_by_name(ENCODER) == null) {
      throw new IllegalStateException("this FFmpeg build has no " + ENCODER + " encoder: recordings need it");
    }
  }
}

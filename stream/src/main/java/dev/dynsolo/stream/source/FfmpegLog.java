package dev.dynsolo.stream.source;

import org.bytedeco.ffmpeg.global.avutil;

/** Keeps FFmpeg's own console output to errors, so the application's log stays readable. */
public final class FfmpegLog {
  private static volatile boolean set;

  private FfmpegLog() {}

  public static void errorsOnly() {
    if (!set) {
      avutil.av_log_set_level(avutil.AV_LOG_ERROR);
      set = true;
    }
  }
}

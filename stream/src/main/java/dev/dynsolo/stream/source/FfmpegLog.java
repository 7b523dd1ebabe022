package dev.dynsolo.stream.source;

import dev.dynsolo.model.io.Secrets;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes FFmpeg's own messages (errors and warnings) into the application's log, at debug level
 * under the logger {@code ffmpeg} and with any password redacted, instead of FFmpeg printing them
 * to the console: a camera that is down would otherwise print a line per reconnection attempt. The
 * log shows one line per state change of a source ({@code SourceCounters}); the details are there
 * with {@code logging.level.ffmpeg: debug}.
 */
public final class FfmpegLog {
  private static final Logger LOG = LoggerFactory.getLogger("ffmpeg");
  /** Held here for ever: native code calls it, so it must never be collected. */
  private static ToSlf4j callback;

  private FfmpegLog() {}

  /** Installs the routing once per process (later calls do nothing). */
  public static synchronized void install() {
    if (callback == null) {
      callback = new ToSlf4j();
      avutil.av_log_set_level(avutil.AV_LOG_WARNING);
      avutil.setLogCallback(callback);
    }
  }

  private static final class ToSlf4j extends LogCallback {
    @Override
    public void call(int level, BytePointer message) {
      if (level > avutil.AV_LOG_WARNING || !LOG.isDebugEnabled()) {
        return;
      }
      String text = message.getString().strip();
      if (!text.isEmpty()) {
        LOG.debug("{}", Secrets.redact(text));
      }
    }
  }
}

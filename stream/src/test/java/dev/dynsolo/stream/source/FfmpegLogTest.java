package dev.dynsolo.stream.source;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** FFmpeg's own messages reach the application log at debug level only, redacted. */
class FfmpegLogTest {
  @TempDir Path dir;

  @Test
  void ffmpegsMessagesAreDebugLinesOfTheFfmpegLogger() throws Exception {
    Logger ffmpeg = (Logger) LoggerFactory.getLogger("ffmpeg");
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    ffmpeg.addAppender(seen);
    Level before = ffmpeg.getLevel();
    ffmpeg.setLevel(Level.DEBUG);
    try {
      Path corrupt = dir.resolve("corrupt.mp4");
      Files.write(corrupt, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 1, 2, 3, 4, 5, 6, 7, 8});
      FileSource source = new FileSource(SourceSpec.parse("bad", corrupt.toString()));
      assertThrows(RuntimeException.class, () -> source.frames().blockLast(Duration.ofSeconds(30)));
      assertTrue(seen.list.stream().anyMatch(e -> e.getFormattedMessage().contains("moov atom not found")),
          "FFmpeg's own reason is in the log: " + seen.list);
      assertTrue(seen.list.stream().allMatch(e -> e.getLevel() == Level.DEBUG), "only at debug level: " + seen.list);
    } finally {
      ffmpeg.detachAppender(seen);
      ffmpeg.setLevel(before);
    }
  }
}

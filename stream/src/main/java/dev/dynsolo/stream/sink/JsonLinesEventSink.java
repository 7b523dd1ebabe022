package dev.dynsolo.stream.sink;

import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One JSON line per frame to a file (appended) or to standard output ({@code -}). */
public final class JsonLinesEventSink implements EventSink {
  private final Writer out;
  private final DetectionEvents.MaskFormat format;
  private final boolean closeUnderlying;

  public JsonLinesEventSink(String target, DetectionEvents.MaskFormat format) {
    this.format = format;
    try {
      if ("-".equals(target)) {
        out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        closeUnderlying = false;
      } else {
        Path file = Path.of(target);
        if (file.toAbsolutePath().getParent() != null) {
          Files.createDirectories(file.toAbsolutePath().getParent());
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
        closeUnderlying = true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open events file " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void accept(AnnotatedFrame frame) {
    try {
      out.write(DetectionEvents.toJson(frame, format).toString());
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write detection event: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.flush();
      if (closeUnderlying) {
        out.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

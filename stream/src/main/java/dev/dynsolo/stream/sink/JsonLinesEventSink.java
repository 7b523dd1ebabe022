package dev.dynsolo.stream.sink;

import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import dev.dynsolo.stream.zone.ZoneEvent;
import java.util.List;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One JSON line per frame to a file (appended) or to standard output ({@code -}). Each line is one
 * write; a write that fails (a full disk) is cut back off the file, so the file only ever holds
 * whole lines and writing resumes cleanly once there is room again.
 */
public final class JsonLinesEventSink implements EventSink {
  private final DetectionEvents.MaskFormat format;
  private final Path file;
  private final FileChannel channel;
  private final PrintStream stdout;

  public JsonLinesEventSink(String target, DetectionEvents.MaskFormat format) {
    this.format = format;
    if ("-".equals(target)) {
      file = null;
      channel = null;
      stdout = System.out;
      return;
    }
    stdout = null;
    file = Path.of(target);
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.position(channel.size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open events file " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void accept(AnnotatedFrame frame) {
    write((DetectionEvents.toJson(frame, format) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Each zone event as its own line ({@code "type": "zone"}). */
  @Override
  public synchronized void acceptZoneEvents(String stream, List<ZoneEvent> events) {
    StringBuilder lines = new StringBuilder();
    for (ZoneEvent e : events) {
      lines.append(DetectionEvents.toJson(stream, e)).append('\n');
    }
    if (!lines.isEmpty()) {
      write(lines.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private void write(byte[] line) {
    if (stdout != null) {
      stdout.write(line, 0, line.length);
      stdout.flush();
      return;
    }
    long start = -1;
    try {
      start = channel.size();
      channel.position(start);
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      cutBack(start);
      throw new UncheckedIOException("cannot write to events file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Removes the part of a line that a failed write left. */
  private void cutBack(long size) {
    if (size < 0) {
      return;
    }
    try {
      channel.truncate(size);
    } catch (IOException ignored) {
      // the next write starts at the real end either way
    }
  }

  @Override
  public synchronized void close() {
    if (channel == null) {
      stdout.flush();
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close events file " + file + ": " + e.getMessage(), e);
    }
  }
}

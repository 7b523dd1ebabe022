package dev.dynsolo.stream.sink;

import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * JPEG snapshots of zone events: the whole frame ({@code <event id>.jpg}) and the object cut out
 * with a margin ({@code <event id>-crop.jpg}), kept in one folder, the oldest removed beyond
 * {@code limit} events. Lookups take only names of this form, so no request leaves the folder.
 */
public final class SnapshotStore {
  private static final Pattern NAME = Pattern.compile("[0-9]{13}-[0-9]{5}-[0-9a-f]{8}(-crop)?\\.jpg");

  private final Path directory;
  private final int limit;
  private final JpegEncoder jpeg;

  public SnapshotStore(Path directory, int limit, JpegEncoder jpeg) {
    if (limit < 1) {
      throw new IllegalArgumentException("events.snapshotLimit must be >= 1, got " + limit);
    }
    this.directory = directory;
    this.limit = limit;
    this.jpeg = jpeg;
  }

  /** Writes an event's two snapshots. */
  public void save(String eventId, RgbImage frame, Box box) {
    try {
      Files.createDirectories(directory);
      write(directory.resolve(eventId + ".jpg"), jpeg.encode(frame));
      write(directory.resolve(eventId + "-crop.jpg"), jpeg.encode(crop(frame, box)));
      prune();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep snapshot in " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private void prune() throws IOException {
    List<Path> frames;
    try (Stream<Path> files = Files.list(directory)) {
      frames = files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()
          && !p.getFileName().toString().endsWith("-crop.jpg")).sorted().toList();
    }
    for (int i = 0; i < frames.size() - limit; i++) {
      String name = frames.get(i).getFileName().toString();
      Files.deleteIfExists(frames.get(i));
      Files.deleteIfExists(directory.resolve(name.replace(".jpg", "-crop.jpg")));
    }
  }

  /** A snapshot file by its name, if it is one of ours and exists. */
  public Optional<Path> file(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    Path p = directory.resolve(name);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** The box grown by a quarter of its size on each side, clipped to the frame. */
  static RgbImage crop(RgbImage frame, Box box) {
    int mx = Math.max(4, box.width() / 4);
    int my = Math.max(4, box.height() / 4);
    int x0 = Math.max(0, box.x0() - mx);
    int y0 = Math.max(0, box.y0() - my);
    int x1 = Math.min(frame.width(), box.x1() + mx);
    int y1 = Math.min(frame.height(), box.y1() + my);
    int w = Math.max(1, x1 - x0);
    int h = Math.max(1, y1 - y0);
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h && y0 + y < frame.height(); y++) {
      System.arraycopy(frame.pixels(), ((y0 + y) * frame.width() + x0) * 3, out, y * w * 3, Math.min(w, frame.width() - x0) * 3);
    }
    return new RgbImage(w, h, out);
  }
}

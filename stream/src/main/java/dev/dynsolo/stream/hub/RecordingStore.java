package dev.dynsolo.stream.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The recordings directory as the API sees it: the MP4 files in it, newest first, which are still
 * being written, and lookup by name that never leaves the directory.
 */
public final class RecordingStore {
  private static final Pattern SEGMENT_NAME = Pattern.compile("^(.+)-\\d{8}-\\d{6}-\\d{3,}\\.mp4$");

  private final Path directory;
  private final Supplier<Set<Path>> active;

  /** @param active file names of the segments being written now */
  public RecordingStore(Path directory, Supplier<Set<Path>> active) {
    this.directory = directory;
    this.active = active;
  }

  /** The recording files, newest first. */
  public List<Recording> list() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    Set<Path> writing = active.get();
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".mp4") && Files.isRegularFile(p))
          .map(p -> toRecording(p, writing.contains(p.getFileName())))
          .sorted(Comparator.comparingLong(Recording::modifiedMillis).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list recordings in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** A recording file by name, only if it is one of {@link #list()}. */
  public Optional<Path> file(String name) {
    return list().stream().filter(r -> r.name().equals(name)).findFirst().map(r -> directory.resolve(r.name()));
  }

  private static Recording toRecording(Path file, boolean active) {
    String name = file.getFileName().toString();
    Matcher m = SEGMENT_NAME.matcher(name);
    try {
      return new Recording(name, m.matches() ? m.group(1) : "", Files.size(file),
          Files.getLastModifiedTime(file).toMillis(), active);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}

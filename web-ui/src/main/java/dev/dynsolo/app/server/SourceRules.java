package dev.dynsolo.app.server;

import dev.dynsolo.stream.source.SourceKind;
import dev.dynsolo.stream.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stream added over the API may read: files and folders only under the configured media
 * roots (resolved with symbolic links followed, so a link cannot lead out), devices only
 * {@code /dev/videoN}. Streams in the config file are the operator's own and are not limited.
 */
final class SourceRules {
  private final List<Path> roots = new ArrayList<>();
  private final List<String> configured;

  SourceRules(List<String> mediaRoots) {
    this.configured = List.copyOf(mediaRoots);
    for (String root : mediaRoots) {
      try {
        roots.add(Path.of(root).toRealPath());
      } catch (IOException e) {
        // a root that does not exist admits nothing
      }
    }
  }

  /** @throws Blocking.Forbidden when the source is outside what the API may open */
  void check(SourceSpec spec) {
    if (spec.kind() == SourceKind.WEBCAM && !spec.location().matches("/dev/video\\d+")) {
      throw new Blocking.Forbidden("device sources must be /dev/videoN, not " + spec.location());
    }
    if (spec.kind() != SourceKind.FILE && spec.kind() != SourceKind.IMAGES) {
      return;
    }
    Path real;
    try {
      real = Path.of(spec.location()).toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException("source " + spec.location() + " not found");
    }
    for (Path root : roots) {
      if (real.startsWith(root)) {
        return;
      }
    }
    throw new Blocking.Forbidden("file sources added over the API must be under server.mediaRoots "
        + (configured.isEmpty() ? "(none configured)" : configured) + ": " + spec.location() + " is not");
  }
}

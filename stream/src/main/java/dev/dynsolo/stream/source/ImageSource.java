package dev.dynsolo.stream.source;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.RgbImages;
import dev.dynsolo.stream.frame.VideoFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** A single image or a folder of images (sorted by name), read losslessly, one per demand. */
public final class ImageSource implements FrameSource {
  private final SourceSpec spec;
  private final SourceCounters counters;
  private volatile boolean closed;

  public ImageSource(SourceSpec spec) {
    this.spec = spec;
    this.counters = new SourceCounters(spec.id());
  }

  @Override
  public SourceSpec spec() {
    return spec;
  }

  @Override
  public double nominalFps() {
    return spec.targetFps() > 0 ? spec.targetFps() : 1;
  }

  @Override
  public SourceStatus status() {
    return counters.snapshot();
  }

  /** The image files this source will read, in order. */
  public List<Path> files() {
    Path path = Path.of(spec.location());
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> list = Files.list(path)) {
      return list.filter(p -> SourceSpec.isImage(p.getFileName().toString().toLowerCase())).sorted().toList();
    } catch (IOException e) {
      throw new SourceException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Flux<VideoFrame> frames() {
    List<Path> files = files();
    counters.state(SourceState.LIVE);
    return Flux.range(0, files.size())
        .takeWhile(i -> !closed)
        .map(i -> {
          Path file = files.get(i);
          counters.frame();
          return new VideoFrame(spec.id(), i, i, System.nanoTime(), read(file));
        })
        .subscribeOn(Schedulers.boundedElastic())
        .doOnComplete(() -> counters.state(SourceState.ENDED))
        .doOnError(e -> counters.state(SourceState.FAILED));
  }

  static RgbImage read(Path file) {
    try {
      BufferedImage image = ImageIO.read(file.toFile());
      if (image == null) {
        throw new SourceException("cannot decode image " + file);
      }
      return RgbImages.fromBufferedImage(image);
    } catch (IOException e) {
      throw new SourceException("cannot read image " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}

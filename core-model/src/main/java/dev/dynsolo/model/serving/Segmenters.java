package dev.dynsolo.model.serving;

import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.bundle.LoadedBundle;
import dev.dynsolo.model.runtime.RuntimeOptions;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens segmenters over model bundles. */
public final class Segmenters {
  private static final Logger LOG = LoggerFactory.getLogger(Segmenters.class);

  private Segmenters() {}

  /** Opens the bundle in {@code dir}; fails with a clear message if it is missing or incompatible. */
  public static Segmenter open(Path dir, RuntimeOptions options) {
    String problem = options.cpuMode().environmentProblem(System.getenv());
    if (problem != null && !options.usesGpu()) {
      LOG.warn(problem);
    }
    if (options.usesGpu()) {
      GpuSupport.prepare();
    }
    return new TfSegmenter(LoadedBundle.open(dir, options));
  }
}

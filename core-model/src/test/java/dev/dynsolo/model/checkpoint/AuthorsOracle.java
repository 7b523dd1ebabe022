package dev.dynsolo.model.checkpoint;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.RgbImages;
import dev.dynsolo.model.weights.NpzReader;
import dev.dynsolo.model.weights.WeightTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/**
 * The fixtures in {@code ../shared/reference/solov2-oracle}: a small SOLOv2 (light-448 R18 layout,
 * reduced widths, random calibrated weights) saved as the authors' files are, two crops of a real
 * photograph, and the outputs of every stage of the authors' own code (WXinlong/SOLO at f4cd03b,
 * run unmodified in PyTorch; the fixture README says how). Tests skip with a visible reason where
 * the directory is absent, as in a user's fresh clone.
 */
final class AuthorsOracle {
  static final String ZIP_FP32 = "checkpoint_wxinlong_zip_fp32.pth";
  static final String LEGACY_FP16 = "checkpoint_mmdet_legacy_fp16.pth";
  static final String[] INPUTS = {"nopad", "pad"};

  private AuthorsOracle() {}

  static Path dir() {
    for (String candidate : new String[] {"../../shared/reference/solov2-oracle", "../shared/reference/solov2-oracle"}) {
      Path p = Path.of(candidate);
      if (Files.isRegularFile(p.resolve(ZIP_FP32))) {
        return p;
      }
    }
    Assumptions.abort("../shared/reference/solov2-oracle is absent (a fresh clone has no shared data): skipped");
    return null; // not reached
  }

  static Path file(String name) {
    return dir().resolve(name);
  }

  /** The reference arrays of one input ({@code reference_<input>.npz}), integers widened to float. */
  static Map<String, WeightTensor> reference(String input) {
    return NpzReader.readAll(file("reference_" + input + ".npz"));
  }

  static RgbImage png(String name) {
    try {
      return RgbImages.fromBufferedImage(ImageIO.read(file(name).toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.dynsolo.training.data;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.RgbImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decodes and encodes image files (JPEG, PNG, ...) to and from {@link RgbImage}. */
public final class ImageFiles {
  private ImageFiles() {}

  public static RgbImage read(Path file) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new DatasetException("cannot decode image " + file + ": " + e.getMessage(), e);
    }
    if (image == null) {
      throw new DatasetException("cannot decode image " + file + ": not a supported image format");
    }
    return RgbImages.fromBufferedImage(image);
  }

  public static void writePng(RgbImage image, Path file) {
    BufferedImage out = RgbImages.toBufferedImage(image);
    try {
      java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
      if (!ImageIO.write(out, "png", file.toFile())) {
        throw new IOException("no PNG writer");
      }
    } catch (IOException e) {
      throw new DatasetException("cannot write image " + file + ": " + e.getMessage(), e);
    }
  }
}

package dev.dynsolo.training.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a dataset from what the user names: a COCO JSON file (with an image root) or a LabelMe folder. */
public final class Datasets {
  private Datasets() {}

  public static Dataset open(Path annotations, Path images, BadAnnotationPolicy policy) {
    if (Files.isDirectory(annotations)) {
      return LabelMeLoader.load(annotations, policy);
    }
    Path root = images != null ? images : annotations.toAbsolutePath().getParent();
    return CocoLoader.load(annotations, root, policy);
  }
}

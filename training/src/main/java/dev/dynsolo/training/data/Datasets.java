package dev.dynsolo.training.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a dataset from what the user names: a COCO JSON file (with an image root) or a LabelMe folder. */
public final class Datasets {
  private Datasets() {}

  /**
   * A LabelMe folder, or a COCO JSON whose images' {@code file_name}s are relative to
   * {@code images}; when that is null, to {@link #defaultImageRoot}.
   */
  public static Dataset open(Path annotations, Path images, BadAnnotationPolicy policy) {
    if (Files.isDirectory(annotations)) {
      return LabelMeLoader.load(annotations, policy);
    }
    return CocoLoader.load(annotations, images != null ? images : defaultImageRoot(annotations), policy);
  }

  /**
   * The image root of a COCO JSON named without one: the JSON's own folder, or, for a JSON in an
   * {@code annotations} folder beside an {@code images} folder (the layout {@code make-shapes} and
   * {@code make-scenes} write), that {@code images} folder.
   */
  public static Path defaultImageRoot(Path annotations) {
    Path folder = annotations.toAbsolutePath().getParent();
    Path fileName = folder.getFileName();
    Path images = folder.resolveSibling("images");
    return fileName != null && fileName.toString().equals("annotations") && Files.isDirectory(images) ? images : folder;
  }
}

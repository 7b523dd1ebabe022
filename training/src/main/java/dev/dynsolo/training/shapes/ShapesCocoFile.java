package dev.dynsolo.training.shapes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Rle;
import dev.dynsolo.model.synthetic.ShapeKind;
import dev.dynsolo.training.data.DatasetException;
import dev.dynsolo.training.data.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One split of a synthetic shapes dataset as it is written: PNGs under {@code images/<split>/}
 * and, on {@link #finish()}, {@code annotations/<split>.json} with the three shape categories and
 * each visible shape as a compressed-RLE mask (occluded shapes are not polygons).
 */
final class ShapesCocoFile {
  private final ObjectMapper mapper = new ObjectMapper();
  private final Path root;
  private final String split;
  private final ObjectNode json = mapper.createObjectNode();
  private final ArrayNode images;
  private final ArrayNode annotations;
  private long annotationId = 1;

  ShapesCocoFile(Path root, String split, String description) {
    this.root = root;
    this.split = split;
    json.putObject("info").put("description", description);
    ArrayNode categories = json.putArray("categories");
    for (ShapeKind kind : ShapeKind.values()) {
      categories.addObject().put("id", kind.ordinal() + 1).put("name", kind.label()).put("supercategory", "shape");
    }
    images = json.putArray("images");
    annotations = json.putArray("annotations");
  }

  /** Writes the image as the split's next PNG and returns its image id. */
  int addImage(RgbImage image) {
    int id = images.size() + 1;
    String name = split + "/" + String.format("%06d.png", id - 1);
    ImageFiles.writePng(image, root.resolve("images").resolve(name));
    images.addObject().put("id", id).put("file_name", name).put("width", image.width()).put("height", image.height());
    return id;
  }

  /** Annotates the visible part of one shape of kind {@code kind} on image {@code imageId}. */
  void addShape(int imageId, ShapeKind kind, Rle visible) {
    Box box = visible.boundingBox();
    ObjectNode ann = annotations.addObject();
    ann.put("id", annotationId++).put("image_id", imageId).put("category_id", kind.ordinal() + 1)
        .put("iscrowd", 0).put("area", visible.area());
    ann.putArray("bbox").add(box.x0()).add(box.y0()).add(box.width()).add(box.height());
    ObjectNode segmentation = ann.putObject("segmentation");
    segmentation.putArray("size").add(visible.height()).add(visible.width());
    segmentation.put("counts", visible.toCocoString());
  }

  /** Writes the annotation file. */
  void finish() {
    try {
      Path file = root.resolve("annotations").resolve(split + ".json");
      Files.createDirectories(file.getParent());
      mapper.writeValue(file.toFile(), json);
    } catch (IOException e) {
      throw new DatasetException("cannot write annotations under " + root + ": " + e.getMessage(), e);
    }
  }
}

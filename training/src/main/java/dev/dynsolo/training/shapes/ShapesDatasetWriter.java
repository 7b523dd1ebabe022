package dev.dynsolo.training.shapes;

import dev.dynsolo.model.synthetic.ShapeRenderer;
import dev.dynsolo.model.synthetic.ShapeScene;
import dev.dynsolo.model.synthetic.ShapeKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.Rle;
import dev.dynsolo.training.data.DatasetException;
import dev.dynsolo.training.data.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a synthetic shapes dataset in COCO format: {@code images/<split>/NNNNNN.png} and
 * {@code annotations/<split>.json}, masks as compressed RLE (occluded shapes are not polygons).
 * The same seed writes the same dataset.
 */
public final class ShapesDatasetWriter {
  private ShapesDatasetWriter() {}

  public static void write(Path root, String split, int images, int width, int height, int maxShapes, long seed) {
    write(root, split, images, width, height, maxShapes, 0.08, 0.5, seed);
  }

  /** As above, with shape sizes between the given fractions of the short side. */
  public static void write(Path root, String split, int images, int width, int height, int maxShapes,
      double minFraction, double maxFraction, long seed) {
    write(root, split, images, width, height, maxShapes, minFraction, maxFraction, 0, seed);
  }

  /** As above; a shape takes an earlier shape's colour with chance {@code sharedColour}. */
  public static void write(Path root, String split, int images, int width, int height, int maxShapes,
      double minFraction, double maxFraction, double sharedColour, long seed) {
    ShapeRenderer renderer = new ShapeRenderer(width, height);
    Random random = new Random(seed);
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode json = mapper.createObjectNode();
    json.putObject("info").put("description", "dynsolo synthetic shapes, seed " + seed);
    ArrayNode categories = json.putArray("categories");
    for (ShapeKind kind : ShapeKind.values()) {
      categories.addObject().put("id", kind.ordinal() + 1).put("name", kind.label()).put("supercategory", "shape");
    }
    ArrayNode imageArray = json.putArray("images");
    ArrayNode annotations = json.putArray("annotations");
    long annotationId = 1;
    for (int i = 0; i < images; i++) {
      ShapeScene scene = renderer.randomScene(random, maxShapes, minFraction, maxFraction, sharedColour);
      String name = split + "/" + String.format("%06d.png", i);
      ImageFiles.writePng(scene.image(), root.resolve("images").resolve(name));
      imageArray.addObject().put("id", i + 1).put("file_name", name).put("width", width).put("height", height);
      for (ShapeScene.VisibleShape shape : scene.shapes()) {
        Rle rle = Rle.fromBitmap(shape.mask(), width, height);
        Box box = rle.boundingBox();
        ObjectNode ann = annotations.addObject();
        ann.put("id", annotationId++).put("image_id", i + 1).put("category_id", shape.kind().ordinal() + 1)
            .put("iscrowd", 0).put("area", rle.area());
        ann.putArray("bbox").add(box.x0()).add(box.y0()).add(box.width()).add(box.height());
        ObjectNode segmentation = ann.putObject("segmentation");
        segmentation.putArray("size").add(height).add(width);
        segmentation.put("counts", rle.toCocoString());
      }
    }
    try {
      Path file = root.resolve("annotations").resolve(split + ".json");
      Files.createDirectories(file.getParent());
      mapper.writeValue(file.toFile(), json);
    } catch (IOException e) {
      throw new DatasetException("cannot write annotations under " + root + ": " + e.getMessage(), e);
    }
  }
}

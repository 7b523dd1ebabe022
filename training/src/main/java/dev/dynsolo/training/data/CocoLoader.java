package dev.dynsolo.training.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dynsolo.model.api.Rle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a COCO instance-segmentation JSON: polygons (several parts), uncompressed and compressed
 * RLE, crowd regions, non-contiguous category ids (mapped to contiguous classes in id order) and
 * image paths relative to an image root, nested folders included.
 */
public final class CocoLoader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CocoLoader() {}

  public static Dataset load(Path annotations, Path imageRoot, BadAnnotationPolicy policy) {
    JsonNode root = readJson(annotations);
    String where = annotations.toString();
    JsonNode categories = require(root, "categories", where);
    JsonNode images = require(root, "images", where);
    JsonNode anns = require(root, "annotations", where);

    List<Long> categoryIds = new ArrayList<>();
    Map<Long, String> categoryNames = new HashMap<>();
    for (JsonNode c : categories) {
      long id = c.path("id").asLong(-1);
      categoryIds.add(id);
      categoryNames.put(id, c.path("name").asText("category_" + id));
    }
    categoryIds.sort(Long::compare);
    Map<Long, Integer> classOf = new HashMap<>();
    List<String> classNames = new ArrayList<>();
    for (long id : categoryIds) {
      classOf.put(id, classNames.size());
      classNames.add(categoryNames.get(id));
    }

    List<String> skipped = new ArrayList<>();
    Map<Long, ImageHeader> headers = new LinkedHashMap<>();
    for (JsonNode image : images) {
      long id = image.path("id").asLong(-1);
      String fileName = image.path("file_name").asText(null);
      int width = image.path("width").asInt(0);
      int height = image.path("height").asInt(0);
      Path file = fileName == null ? null : imageRoot.resolve(fileName);
      String problem = null;
      if (fileName == null || width <= 0 || height <= 0) {
        problem = where + ": image id " + id + " lacks file_name, width or height";
      } else if (!Files.isRegularFile(file)) {
        problem = where + ": image id " + id + ": file " + file + " not found";
      }
      if (problem != null) {
        reject(policy, skipped, problem);
        continue;
      }
      headers.put(id, new ImageHeader(id, file, width, height, new ArrayList<>()));
    }

    for (JsonNode ann : anns) {
      long id = ann.path("id").asLong(-1);
      long imageId = ann.path("image_id").asLong(-1);
      long categoryId = ann.path("category_id").asLong(-1);
      ImageHeader image = headers.get(imageId);
      if (image == null) {
        if (!ann.has("image_id") || !imageKnown(images, imageId)) {
          reject(policy, skipped, where + ": annotation id " + id + " refers to unknown image id " + imageId);
        }
        continue; // its image was skipped already
      }
      Integer classIndex = classOf.get(categoryId);
      if (classIndex == null) {
        reject(policy, skipped, where + ": annotation id " + id + " has unknown category id " + categoryId);
        continue;
      }
      try {
        Rle mask = decodeSegmentation(ann.get("segmentation"), image.width, image.height);
        boolean crowd = ann.path("iscrowd").asInt(0) == 1;
        if (mask.area() == 0 && !crowd) {
          throw new IllegalArgumentException("mask is empty");
        }
        double area = ann.path("area").isNumber() ? ann.path("area").asDouble() : mask.area();
        image.instances.add(new InstanceAnnotation(id, classIndex, crowd, mask, area));
      } catch (IllegalArgumentException e) {
        reject(policy, skipped, where + ": annotation id " + id + ": " + e.getMessage());
      }
    }
    List<ImageRecord> records = new ArrayList<>();
    for (ImageHeader h : headers.values()) {
      records.add(new ImageRecord(h.id, h.file, h.width, h.height, h.instances));
    }
    return new Dataset(classNames, categoryIds, records, skipped);
  }

  private static boolean imageKnown(JsonNode images, long id) {
    for (JsonNode image : images) {
      if (image.path("id").asLong(-1) == id) {
        return true;
      }
    }
    return false;
  }

  /**
   * Decodes a COCO segmentation (polygons, rasterised as pycocotools does, or RLE) to a mask of the
   * image's size.
   */
  static Rle decodeSegmentation(JsonNode segmentation, int width, int height) {
    if (segmentation == null || segmentation.isNull()) {
      throw new IllegalArgumentException("has no segmentation");
    }
    if (segmentation.isArray()) {
      boolean[] bitmap = new boolean[width * height];
      int parts = 0;
      for (JsonNode part : segmentation) {
        if (!part.isArray() || part.size() < 6 || part.size() % 2 != 0) {
          throw new IllegalArgumentException("degenerate polygon (needs at least 3 x,y points)");
        }
        double[] xy = new double[part.size()];
        for (int i = 0; i < xy.length; i++) {
          if (!part.get(i).isNumber()) {
            throw new IllegalArgumentException("polygon has a non-numeric coordinate");
          }
          xy[i] = part.get(i).asDouble();
        }
        boolean[] filled = CocoPolygons.rasterise(xy, width, height).toBitmap();
        for (int i = 0; i < bitmap.length; i++) {
          bitmap[i] |= filled[i];
        }
        parts++;
      }
      if (parts == 0) {
        throw new IllegalArgumentException("empty polygon list");
      }
      return Rle.fromBitmap(bitmap, width, height);
    }
    JsonNode size = segmentation.get("size");
    JsonNode counts = segmentation.get("counts");
    if (size == null || counts == null || size.size() != 2) {
      throw new IllegalArgumentException("segmentation is neither polygons nor RLE with size and counts");
    }
    int h = size.get(0).asInt();
    int w = size.get(1).asInt();
    if (h != height || w != width) {
      throw new IllegalArgumentException("RLE size " + w + "x" + h + " differs from image size " + width + "x" + height);
    }
    if (counts.isTextual()) {
      return Rle.fromCocoString(counts.asText(), h, w);
    }
    int[] runs = new int[counts.size()];
    for (int i = 0; i < runs.length; i++) {
      runs[i] = counts.get(i).asInt();
    }
    return new Rle(h, w, runs);
  }

  private static void reject(BadAnnotationPolicy policy, List<String> skipped, String problem) {
    if (policy == BadAnnotationPolicy.FAIL) {
      throw new DatasetException(problem + " (use the skip policy to leave such entries out)");
    }
    skipped.add(problem);
  }

  private static JsonNode readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetException("annotation file " + file + " not found");
    }
    try {
      return MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new DatasetException(file + ": malformed JSON at line " + e.getLocation().getLineNr() + ": "
          + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode require(JsonNode root, String key, String where) {
    JsonNode node = root.get(key);
    if (node == null || !node.isArray()) {
      throw new DatasetException(where + ": no '" + key + "' array (is this a COCO instances file?)");
    }
    return node;
  }

  private record ImageHeader(long id, Path file, int width, int height, List<InstanceAnnotation> instances) {}
}

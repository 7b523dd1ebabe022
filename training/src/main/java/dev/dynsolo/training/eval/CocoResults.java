package dev.dynsolo.training.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dynsolo.model.api.Rle;
import dev.dynsolo.training.data.Dataset;
import dev.dynsolo.training.data.DatasetException;
import dev.dynsolo.training.data.ImageRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a COCO results file (what {@code eval --detections}, mmdetection or detectron2 write for
 * instance segmentation: a JSON array of {@code image_id}, {@code category_id}, {@code score},
 * {@code segmentation} as RLE) against a dataset, so any model's output can be scored here. An
 * entry naming an unknown image or category, or a mask of the wrong size, fails naming its index.
 */
public final class CocoResults {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CocoResults() {}

  public static List<Detection> read(Path file, Dataset dataset) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetException("results file " + file + " not found");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new DatasetException(file + ": malformed JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (root == null || !root.isArray()) {
      throw new DatasetException(file + ": a COCO results file is a JSON array of detections");
    }
    Map<Long, ImageRecord> images = new HashMap<>();
    dataset.images().forEach(i -> images.put(i.id(), i));
    Map<Long, Integer> classOf = new HashMap<>();
    for (int c = 0; c < dataset.categoryIds().size(); c++) {
      classOf.put(dataset.categoryIds().get(c), c);
    }
    List<Detection> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode r = root.get(i);
      String where = file + ": detection " + i;
      ImageRecord image = images.get(r.path("image_id").asLong(-1));
      if (image == null) {
        throw new DatasetException(where + " names image id " + r.path("image_id") + ", which the dataset lacks");
      }
      Integer classIndex = classOf.get(r.path("category_id").asLong(-1));
      if (classIndex == null) {
        throw new DatasetException(where + " names category id " + r.path("category_id")
            + ", which the dataset lacks");
      }
      if (!r.path("score").isNumber()) {
        throw new DatasetException(where + " has no numeric score");
      }
      JsonNode seg = r.get("segmentation");
      if (seg == null || !seg.has("counts") || !seg.path("size").isArray() || seg.path("size").size() != 2) {
        throw new DatasetException(where + " has no RLE segmentation ({\"size\": [h, w], \"counts\": ...})");
      }
      int h = seg.path("size").get(0).asInt();
      int w = seg.path("size").get(1).asInt();
      if (h != image.height() || w != image.width()) {
        throw new DatasetException(where + ": mask is " + w + "x" + h + ", image " + image.id() + " is "
            + image.width() + "x" + image.height());
      }
      Rle mask;
      try {
        if (seg.get("counts").isTextual()) {
          mask = Rle.fromCocoString(seg.get("counts").asText(), h, w);
        } else {
          int[] counts = new int[seg.get("counts").size()];
          for (int k = 0; k < counts.length; k++) {
            counts[k] = seg.get("counts").get(k).asInt();
          }
          mask = new Rle(h, w, counts);
        }
      } catch (IllegalArgumentException e) {
        throw new DatasetException(where + ": bad RLE: " + e.getMessage(), e);
      }
      out.add(new Detection(image.id(), classIndex, (float) r.get("score").asDouble(), mask));
    }
    return out;
  }
}

package dev.dynsolo.training.data;

import dev.dynsolo.model.api.Rasterizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dynsolo.model.api.Rle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads a LabelMe folder directly: one JSON per image ({@code imagePath}, {@code imageWidth},
 * {@code imageHeight}, {@code shapes} with {@code label} and polygon {@code points}); rectangles
 * count as 2-point boxes. Following labelme's own conventions: shapes labelled {@code __ignore__}
 * are ignore regions (left out of training targets, and detections on them are not counted by
 * evaluation, whatever their class), and a {@code labels.txt} in the folder or beside it fixes the
 * classes and their order ({@code __ignore__} and {@code _background_} lines are not classes);
 * without it the classes are the labels in alphabetical order.
 */
public final class LabelMeLoader {
  /** labelme's label for regions to ignore. */
  public static final String IGNORE = "__ignore__";
  private static final String BACKGROUND = "_background_";
  private static final String LABELS_FILE = "labels.txt";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LabelMeLoader() {}

  public static Dataset load(Path folder, BadAnnotationPolicy policy) {
    List<Path> files;
    try (Stream<Path> list = Files.walk(folder)) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new DatasetException("cannot list LabelMe folder " + folder + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new DatasetException("LabelMe folder " + folder + " has no .json files");
    }
    List<JsonNode> docs = new ArrayList<>();
    TreeSet<String> labels = new TreeSet<>();
    for (Path f : files) {
      JsonNode doc;
      try {
        doc = MAPPER.readTree(f.toFile());
      } catch (IOException e) {
        throw new DatasetException(f + ": malformed JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
      }
      docs.add(doc);
      for (JsonNode shape : doc.path("shapes")) {
        labels.add(shape.path("label").asText(""));
      }
    }
    labels.remove(IGNORE);
    List<String> classNames = classOrder(folder, labels);
    List<ImageRecord> images = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    long annotationId = 1;
    for (int i = 0; i < files.size(); i++) {
      Path f = files.get(i);
      JsonNode doc = docs.get(i);
      Path image = f.getParent().resolve(doc.path("imagePath").asText(""));
      int w = doc.path("imageWidth").asInt(0);
      int h = doc.path("imageHeight").asInt(0);
      if (!Files.isRegularFile(image) || w <= 0 || h <= 0) {
        reject(policy, skipped, f + ": image " + image + " not found or size missing");
        continue;
      }
      List<InstanceAnnotation> instances = new ArrayList<>();
      int shapeIndex = 0;
      for (JsonNode shape : doc.path("shapes")) {
        long id = annotationId++;
        String type = shape.path("shape_type").asText("polygon");
        JsonNode points = shape.path("points");
        double[] xy;
        if ("rectangle".equals(type) && points.size() == 2) {
          double x0 = points.get(0).get(0).asDouble();
          double y0 = points.get(0).get(1).asDouble();
          double x1 = points.get(1).get(0).asDouble();
          double y1 = points.get(1).get(1).asDouble();
          xy = new double[] {x0, y0, x1, y0, x1, y1, x0, y1};
        } else if ("polygon".equals(type) && points.size() >= 3) {
          xy = new double[points.size() * 2];
          for (int p = 0; p < points.size(); p++) {
            xy[2 * p] = points.get(p).get(0).asDouble();
            xy[2 * p + 1] = points.get(p).get(1).asDouble();
          }
        } else {
          reject(policy, skipped, f + ": shape " + shapeIndex + " (" + type + ") is not a polygon of 3+ points");
          shapeIndex++;
          continue;
        }
        shapeIndex++;
        boolean[] bitmap = new boolean[w * h];
        Rasterizer.fillPolygon(bitmap, w, h, xy);
        Rle rle = Rle.fromBitmap(bitmap, w, h);
        if (rle.area() == 0) {
          reject(policy, skipped, f + ": shape " + (shapeIndex - 1) + " covers no pixel");
          continue;
        }
        String label = shape.path("label").asText("");
        if (IGNORE.equals(label)) {
          // An ignore region of every class: the evaluator matches crowd regions per class.
          for (int c = 0; c < classNames.size(); c++) {
            instances.add(new InstanceAnnotation(id, c, true, rle));
          }
          continue;
        }
        int classIndex = classNames.indexOf(label);
        if (classIndex < 0) {
          reject(policy, skipped, f + ": shape " + (shapeIndex - 1) + " has label '" + label + "', which "
              + LABELS_FILE + " does not list");
          continue;
        }
        instances.add(new InstanceAnnotation(id, classIndex, false, rle));
      }
      images.add(new ImageRecord(i + 1, image, w, h, instances));
    }
    List<Long> ids = new ArrayList<>();
    for (int c = 0; c < classNames.size(); c++) {
      ids.add((long) c + 1);
    }
    return new Dataset(classNames, ids, images, skipped);
  }

  /** The classes from labels.txt (in the folder, else beside it), else the labels found, sorted. */
  private static List<String> classOrder(Path folder, TreeSet<String> found) {
    Path absolute = folder.toAbsolutePath();
    for (Path candidate : new Path[] {absolute.resolve(LABELS_FILE),
        absolute.getParent() == null ? null : absolute.getParent().resolve(LABELS_FILE)}) {
      if (candidate != null && Files.isRegularFile(candidate)) {
        List<String> names = new ArrayList<>();
        try {
          for (String line : Files.readAllLines(candidate)) {
            String name = line.strip();
            if (name.isEmpty() || name.equals(IGNORE) || name.equals(BACKGROUND)) {
              continue;
            }
            if (names.contains(name)) {
              throw new DatasetException(candidate + " lists class '" + name + "' twice");
            }
            names.add(name);
          }
        } catch (IOException e) {
          throw new DatasetException("cannot read " + candidate + ": " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
          throw new DatasetException(candidate + " lists no class");
        }
        return names;
      }
    }
    return new ArrayList<>(found);
  }

  private static void reject(BadAnnotationPolicy policy, List<String> skipped, String problem) {
    if (policy == BadAnnotationPolicy.FAIL) {
      throw new DatasetException(problem + " (use the skip policy to leave such entries out)");
    }
    skipped.add(problem);
  }
}

package dev.dynsolo.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dynsolo.training.data.BadAnnotationPolicy;
import dev.dynsolo.training.data.Dataset;
import dev.dynsolo.training.data.Datasets;
import dev.dynsolo.training.data.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our evaluator against pycocotools on real COCO annotations: all 12 summary numbers equal (the
 * goal was 2e-4; measured 7e-15 once polygons are rasterised as pycocotools does, the annotations'
 * {@code area} field decides small/medium/large, images are taken in id order and the recall points
 * are numpy's linspace values).
 *
 * <p>The golden numbers and detections in {@code src/test/resources/coco-eval} were made outside
 * the project with pycocotools 2.0.11: the ground truth of {@code ../shared/data/coco-tiny-38}
 * (each split), perturbed with a fixed seed (15 % of instances dropped, each mask shifted by up to
 * 3 pixels, a third dilated and a third eroded by 1-3 pixels, 10 % given another category, 1-4
 * random false-positive boxes per image, random scores), written as a COCO results file and scored
 * by {@code COCOeval(gt, gt.loadRes(file), "segm")}.
 */
class CocoEvalAgreementTest {
  private static final Path DIR = Path.of("src/test/resources/coco-eval");

  @ParameterizedTest
  @ValueSource(strings = {"val2017", "train2017"})
  void summaryEqualsPycocotools(String split) throws Exception {
    Path root = SharedData.cocoTiny();
    Dataset truth = Datasets.open(root.resolve("annotations/instances_" + split + ".json"),
        root.resolve("images/" + split), BadAnnotationPolicy.FAIL);
    List<Detection> detections = CocoResults.read(DIR.resolve("detections-" + split + ".json"), truth);
    JsonNode golden = new ObjectMapper().readTree(DIR.resolve("pycocotools-stats.json").toFile()).get(split);
    assertEquals(golden.get("detections").asInt(), detections.size());
    List<Double> ours = CocoMaskEvaluator.evaluate(truth, detections).values();
    double worst = 0;
    for (int i = 0; i < 12; i++) {
      worst = Math.max(worst, Math.abs(ours.get(i) - golden.get("stats").get(i).asDouble()));
    }
    System.out.printf("%s: largest difference from pycocotools %.2g%n", split, worst);
    for (int i = 0; i < 12; i++) {
      double expected = golden.get("stats").get(i).asDouble();
      assertEquals(expected, ours.get(i), 1e-9, split + " summary line " + (i + 1) + ": ours " + ours);
    }
    assertTrue(worst <= 1e-9);
  }

  @org.junit.jupiter.api.Test
  void aResultNamingAnUnknownImageIsRefusedNamingIt() throws Exception {
    Path root = SharedData.cocoTiny();
    Dataset truth = Datasets.open(root.resolve("annotations/instances_val2017.json"), root.resolve("images/val2017"),
        BadAnnotationPolicy.FAIL);
    Path file = java.nio.file.Files.createTempFile("results", ".json");
    java.nio.file.Files.writeString(file, "[{\"image_id\": 424242, \"category_id\": 1, \"score\": 0.5,"
        + " \"segmentation\": {\"size\": [2, 2], \"counts\": [4]}}]");
    var e = org.junit.jupiter.api.Assertions.assertThrows(dev.dynsolo.training.data.DatasetException.class,
        () -> CocoResults.read(file, truth));
    assertTrue(e.getMessage().contains("detection 0 names image id 424242"), e.getMessage());
    java.nio.file.Files.delete(file);
  }
}

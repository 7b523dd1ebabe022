package dev.dynsolo.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynsolo.model.api.Rle;
import dev.dynsolo.training.data.Dataset;
import dev.dynsolo.training.data.ImageRecord;
import dev.dynsolo.training.data.InstanceAnnotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built cases whose COCO numbers can be worked out on paper. */
class CocoMaskEvaluatorTest {
  private static final int W = 100;
  private static final int H = 100;

  /** A rectangle mask x0..x1-1, y0..y1-1. */
  static Rle rect(int x0, int y0, int x1, int y1) {
    boolean[] b = new boolean[W * H];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        b[y * W + x] = true;
      }
    }
    return Rle.fromBitmap(b, W, H);
  }

  static Dataset dataset(List<InstanceAnnotation> annotations) {
    return new Dataset(List.of("a", "b"), List.of(1L, 2L),
        List.of(new ImageRecord(1, Path.of("x.png"), W, H, annotations)), List.of());
  }

  @Test
  void perfectDetectionsScoreOne() {
    Dataset truth = dataset(List.of(new InstanceAnnotation(1, 0, false, rect(0, 0, 50, 50)),
        new InstanceAnnotation(2, 1, false, rect(60, 60, 70, 70))));
    List<Detection> dets = List.of(new Detection(1, 0, 0.9f, rect(0, 0, 50, 50)),
        new Detection(1, 1, 0.8f, rect(60, 60, 70, 70)));
    EvalSummary s = CocoMaskEvaluator.evaluate(truth, dets);
    assertEquals(1.0, s.ap(), 1e-12);
    assertEquals(1.0, s.ar100(), 1e-12);
    assertEquals(1.0, s.apSmall(), 1e-12); // the 10x10 square (area 100 < 32^2)
    assertEquals(1.0, s.apMedium(), 1e-12); // the 50x50 square (1024 <= 2500 < 9216)
    assertEquals(-1.0, s.apLarge(), 1e-12); // no large ground truth: undefined, as pycocotools prints
  }

  @Test
  void iouOfExactlyPointSixMatchesAtThreeOfTenThresholds() {
    // gt 10x10 = 100 px; detection covers 60 of them and nothing else: IoU 60/100.
    Dataset truth = dataset(List.of(new InstanceAnnotation(1, 0, false, rect(0, 0, 10, 10))));
    EvalSummary s = CocoMaskEvaluator.evaluate(truth, List.of(new Detection(1, 0, 0.9f, rect(0, 0, 6, 10))));
    assertEquals(0.3, s.ap(), 1e-12);
    assertEquals(1.0, s.ap50(), 1e-12);
    assertEquals(0.0, s.ap75(), 1e-12);
    assertEquals(-1.0, s.apMedium(), 1e-12); // no medium ground truth: undefined
  }

  @Test
  void aHigherScoredFalsePositiveHalvesPrecision() {
    Dataset truth = dataset(List.of(new InstanceAnnotation(1, 0, false, rect(0, 0, 10, 10))));
    List<Detection> dets = List.of(new Detection(1, 0, 0.9f, rect(50, 50, 60, 60)),
        new Detection(1, 0, 0.5f, rect(0, 0, 10, 10)));
    EvalSummary s = CocoMaskEvaluator.evaluate(truth, dets);
    // Recall reaches 1 only at the second detection, where precision is 1/2: all 101 points are 0.5.
    assertEquals(0.5, s.ap(), 1e-12);
    assertEquals(0.0, s.ar1(), 1e-12); // with one detection per image only the false positive counts
    assertEquals(1.0, s.ar10(), 1e-12);
  }

  @Test
  void detectionsOnCrowdRegionsAreIgnoredNotFalsePositives() {
    Dataset truth = dataset(List.of(new InstanceAnnotation(1, 0, false, rect(0, 0, 10, 10)),
        new InstanceAnnotation(2, 0, true, rect(40, 40, 90, 90))));
    List<Detection> dets = new ArrayList<>();
    dets.add(new Detection(1, 0, 0.95f, rect(45, 45, 55, 55))); // inside the crowd: IoU = inter / det area = 1
    dets.add(new Detection(1, 0, 0.9f, rect(60, 60, 70, 70)));  // also inside the crowd
    dets.add(new Detection(1, 0, 0.5f, rect(0, 0, 10, 10)));
    EvalSummary s = CocoMaskEvaluator.evaluate(truth, dets);
    assertEquals(1.0, s.ap(), 1e-12);
  }

  @Test
  void maskIouWorksOnRunsWithoutDecoding() {
    assertEquals(25, MaskIou.intersection(rect(0, 0, 10, 10), rect(5, 5, 20, 20)));
    assertEquals(25.0 / (100 + 225 - 25), MaskIou.iou(rect(0, 0, 10, 10), rect(5, 5, 20, 20), false), 1e-12);
    assertEquals(0.25, MaskIou.iou(rect(0, 0, 10, 10), rect(5, 5, 20, 20), true), 1e-12);
  }
}

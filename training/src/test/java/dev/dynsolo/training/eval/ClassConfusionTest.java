package dev.dynsolo.training.eval;

import static dev.dynsolo.training.eval.CocoMaskEvaluatorTest.dataset;
import static dev.dynsolo.training.eval.CocoMaskEvaluatorTest.rect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.training.data.InstanceAnnotation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassConfusionTest {

  @Test
  void eachInstanceCountsTheClassOfItsBestOverlappingDetection() {
    var truth = dataset(List.of(
        new InstanceAnnotation(1, 0, false, rect(0, 0, 20, 20)),     // a: found as b (higher score), and as a
        new InstanceAnnotation(2, 1, false, rect(50, 50, 70, 70)),   // b: found as b
        new InstanceAnnotation(3, 1, false, rect(80, 0, 100, 20)),   // b: only a poor overlap -> missed
        new InstanceAnnotation(4, 0, true, rect(0, 80, 20, 100))));  // crowd: not counted
    List<Detection> detections = List.of(
        new Detection(1, 1, 0.6f, rect(0, 0, 20, 20)),
        new Detection(1, 0, 0.4f, rect(0, 0, 20, 18)),   // IoU 0.9
        new Detection(1, 1, 0.9f, rect(50, 50, 70, 70)),
        new Detection(1, 1, 0.8f, rect(80, 0, 90, 8)),   // IoU 80 / 400 = 0.2
        new Detection(1, 0, 0.7f, rect(0, 80, 20, 100)));
    ClassConfusion confusion = ClassConfusion.of(truth, detections);
    assertArrayEquals(new long[] {0, 1, 0}, confusion.counts()[0]);
    assertArrayEquals(new long[] {0, 1, 1}, confusion.counts()[1]);
    assertEquals(1, confusion.multiClass());
    assertEquals(1.0 / 3, confusion.accuracy(), 1e-12);
    String table = confusion.format();
    assertTrue(table.contains("missed") && table.contains("right class 0.333"), table);
  }
}

package dev.dynsolo.training.augment;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.Letterbox;
import dev.dynsolo.model.api.MaskMapper;
import dev.dynsolo.model.api.Rle;
import dev.dynsolo.model.synthetic.ShapeRenderer;
import dev.dynsolo.model.synthetic.ShapeScene;
import dev.dynsolo.training.eval.MaskIou;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a model that reproduced its 1/4-scale targets exactly would score: each target is mapped
 * back to the image as inference maps a predicted mask (bilinear, threshold 0.5) and compared with
 * the true mask. Coverage targets must leave room for a mask AP near 1 on small shapes; yes/no
 * samples at cell centres (what the targets were before) cannot.
 */
class MaskTargetCeilingTest {
  private static final int SIZE = 256;
  private static final int CELLS = SIZE / 4;

  @Test
  void coverageTargetsReproduceShapesAtHighIoUWhereCentreSamplesCannot() {
    ShapeRenderer renderer = new ShapeRenderer(SIZE, SIZE);
    Placement identity = new Placement(SIZE, SIZE, 1.0, 0, 0, false);
    MaskMapper mapper = new MaskMapper(CELLS, CELLS, SIZE, SIZE);
    Letterbox box = Letterbox.fit(SIZE, SIZE, SIZE, SIZE);
    Random random = new Random(5);
    List<Double> coverageIous = new ArrayList<>();
    List<Double> sampleIous = new ArrayList<>();
    for (int scene = 0; scene < 30; scene++) {
      ShapeScene s = renderer.randomScene(random, 6);
      for (ShapeScene.VisibleShape shape : s.shapes()) {
        Rle truth = Rle.fromBitmap(shape.mask(), SIZE, SIZE);
        byte[] coverage = Augmenter.coverage(shape.mask(), identity, CELLS, CELLS, 4);
        float[] fractions = new float[coverage.length];
        float[] samples = new float[coverage.length];
        for (int i = 0; i < coverage.length; i++) {
          fractions[i] = (coverage[i] & 0xff) / 255f;
          int x = (i % CELLS) * 4 + 2;
          int y = (i / CELLS) * 4 + 2;
          samples[i] = shape.mask()[y * SIZE + x] ? 1f : 0f;
        }
        coverageIous.add(iou(mapper.toFrame(fractions, 0, box, 0.5f), truth));
        sampleIous.add(iou(mapper.toFrame(samples, 0, box, 0.5f), truth));
      }
    }
    double coverageCeiling = ceiling(coverageIous);
    double sampleCeiling = ceiling(sampleIous);
    assertTrue(coverageIous.size() >= 60, "instances: " + coverageIous.size());
    assertTrue(coverageCeiling >= 0.95, "coverage targets: " + coverageCeiling);
    assertTrue(coverageCeiling - sampleCeiling >= 0.05, coverageCeiling + " vs centre samples " + sampleCeiling);
  }

  private static double iou(Rle mapped, Rle truth) {
    return mapped == null ? 0 : MaskIou.iou(mapped, truth, false);
  }

  /** Share of instances above each COCO IoU threshold 0.50:0.05:0.95, averaged: AP if all else were perfect. */
  private static double ceiling(List<Double> ious) {
    double sum = 0;
    for (int t = 0; t < 10; t++) {
      double threshold = 0.5 + 0.05 * t;
      sum += ious.stream().filter(v -> v >= threshold - 1e-9).count() / (double) ious.size();
    }
    return sum / 10;
  }
}

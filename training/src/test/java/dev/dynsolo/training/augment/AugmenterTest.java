package dev.dynsolo.training.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.synthetic.ShapeRenderer;
import dev.dynsolo.model.synthetic.ShapeScene;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Masks must stay on their pixels through every geometric transform. */
class AugmenterTest {
  private static final byte[] PAD = {124, 116, 104};

  /** An image that is white exactly where the mask is set, black elsewhere. */
  private static RgbImage paint(boolean[] mask, int w, int h) {
    byte[] p = new byte[w * h * 3];
    for (int i = 0; i < mask.length; i++) {
      byte v = (byte) (mask[i] ? 255 : 0);
      p[3 * i] = v;
      p[3 * i + 1] = v;
      p[3 * i + 2] = v;
    }
    return new RgbImage(w, h, p);
  }

  @Test
  void integerPlacementsMoveImageAndMaskIdentically() {
    ShapeScene scene = new ShapeRenderer(96, 64).randomScene(new Random(4), 4);
    boolean[] mask = scene.shapes().get(0).mask();
    RgbImage image = paint(mask, 96, 64);
    Augmenter augmenter = new Augmenter(AugmentSettings.NONE, 128, 128, PAD);
    for (Placement placement : new Placement[] {
        new Placement(96, 64, 1.0, 16, 32, false), new Placement(96, 64, 1.0, 16, 32, true),
        new Placement(96, 64, 2.0, -20, -10, true), new Placement(96, 64, 1.0, -30, 70, false)}) {
      RgbImage out = augmenter.image(image, placement, new Random(1));
      boolean[] outMask = pixelMask(mask, placement, 128, 128);
      for (int i = 0; i < outMask.length; i++) {
        int v = out.pixels()[3 * i] & 0xff;
        boolean inside = placement.sourceX(i % 128 + 0.5) >= 0 && placement.sourceX(i % 128 + 0.5) < 96
            && placement.sourceY(i / 128 + 0.5) >= 0 && placement.sourceY(i / 128 + 0.5) < 64;
        if (!inside) {
          assertEquals(PAD[0], out.pixels()[3 * i], "padding at " + i);
          assertTrue(!outMask[i]);
        } else {
          assertEquals(outMask[i] ? 255 : 0, v, "pixel " + (i % 128) + "," + (i / 128) + " of " + placement);
        }
      }
    }
  }

  @Test
  void randomScaledPlacementsKeepMaskInteriorsOnTheirPixels() {
    Random random = new Random(9);
    Augmenter augmenter = new Augmenter(AugmentSettings.DEFAULT, 128, 128, PAD);
    for (int trial = 0; trial < 10; trial++) {
      ShapeScene scene = new ShapeRenderer(160, 120).randomScene(random, 3);
      boolean[] mask = scene.shapes().get(scene.shapes().size() - 1).mask();
      Placement placement = augmenter.randomPlacement(160, 120, random);
      RgbImage out = new Augmenter(AugmentSettings.NONE, 128, 128, PAD).image(paint(mask, 160, 120), placement, random);
      boolean[] outMask = pixelMask(mask, placement, 128, 128);
      for (int y = 1; y < 127; y++) {
        for (int x = 1; x < 127; x++) {
          boolean uniform = true;
          for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
              uniform &= outMask[(y + dy) * 128 + x + dx] == outMask[y * 128 + x];
            }
          }
          boolean padded = (out.pixels()[3 * (y * 128 + x)] & 0xff) == (PAD[0] & 0xff)
              && (out.pixels()[3 * (y * 128 + x) + 1] & 0xff) == (PAD[1] & 0xff);
          if (uniform && !padded) {
            int v = out.pixels()[3 * (y * 128 + x)] & 0xff;
            assertEquals(outMask[y * 128 + x], v > 127, "trial " + trial + " at " + x + "," + y);
          }
        }
      }
    }
  }

  /** The mask at input resolution: coverage with stride 1 is all or nothing. */
  private static boolean[] pixelMask(boolean[] mask, Placement placement, int w, int h) {
    byte[] coverage = Augmenter.coverage(mask, placement, w, h, 1);
    boolean[] out = new boolean[coverage.length];
    for (int i = 0; i < out.length; i++) {
      int v = coverage[i] & 0xff;
      assertTrue(v == 0 || v == 255, "stride-1 coverage " + v);
      out[i] = v == 255;
    }
    return out;
  }

  @Test
  void quarterScaleCoverageIsTheCoveredShareOfEachCell() {
    boolean[] mask = new boolean[16 * 16];
    mask[5 * 16 + 9] = true; // pixel (9, 5): one of the 16 pixels of cell (2, 1)
    Placement identity = new Placement(16, 16, 1.0, 0, 0, false);
    assertEquals(16, Augmenter.coverage(mask, identity, 4, 4, 4)[1 * 4 + 2] & 0xff);
    for (int y = 4; y < 8; y++) {
      for (int x = 8; x < 10; x++) {
        mask[y * 16 + x] = true; // the left half of cell (2, 1)
      }
    }
    byte[] quarter = Augmenter.coverage(mask, identity, 4, 4, 4);
    assertEquals(128, quarter[1 * 4 + 2] & 0xff);
    assertEquals(0, quarter[1 * 4 + 3] & 0xff);
  }

  @Test
  void quarterScaleCoverageAveragesThePixelMaskUnderAnyPlacement() {
    Random random = new Random(11);
    Augmenter augmenter = new Augmenter(AugmentSettings.DEFAULT, 128, 128, PAD);
    int checked = 0;
    for (int trial = 0; trial < 10; trial++) {
      ShapeScene scene = new ShapeRenderer(160, 120).randomScene(random, 3);
      if (scene.shapes().isEmpty()) {
        continue;
      }
      checked++;
      boolean[] mask = scene.shapes().get(0).mask();
      Placement placement = augmenter.randomPlacement(160, 120, random);
      boolean[] pixels = pixelMask(mask, placement, 128, 128);
      byte[] quarter = Augmenter.coverage(mask, placement, 32, 32, 4);
      for (int cy = 0; cy < 32; cy++) {
        for (int cx = 0; cx < 32; cx++) {
          int covered = 0;
          for (int y = cy * 4; y < cy * 4 + 4; y++) {
            for (int x = cx * 4; x < cx * 4 + 4; x++) {
              covered += pixels[y * 128 + x] ? 1 : 0;
            }
          }
          assertEquals((covered * 255 + 8) / 16, quarter[cy * 32 + cx] & 0xff, "trial " + trial + " cell " + cx + "," + cy);
        }
      }
    }
    assertTrue(checked >= 5, "scenes with a shape: " + checked);
  }
}

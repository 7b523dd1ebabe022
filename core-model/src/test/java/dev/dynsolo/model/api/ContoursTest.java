package dev.dynsolo.model.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContoursTest {

  private static boolean[] draw(int w, int h, int[]... rects) {
    boolean[] b = new boolean[w * h];
    for (int[] r : rects) {
      for (int y = r[1]; y < r[3]; y++) {
        for (int x = r[0]; x < r[2]; x++) {
          b[y * w + x] = true;
        }
      }
    }
    return b;
  }

  @Test
  void aRectangleTracesToItsFourCornersClockwise() {
    List<int[]> polygons = Contours.outer(draw(10, 10, new int[] {2, 3, 6, 8}), 10, 10);
    assertEquals(1, polygons.size());
    assertArrayEquals(new int[] {2, 3, 5, 3, 5, 7, 2, 7}, polygons.get(0));
  }

  @Test
  void separatePartsGiveOnePolygonEachLargestFirst() {
    List<int[]> polygons = Contours.outer(draw(12, 12, new int[] {0, 0, 2, 2}, new int[] {5, 5, 10, 10}), 12, 12);
    assertEquals(2, polygons.size());
    assertArrayEquals(new int[] {5, 5, 9, 5, 9, 9, 5, 9}, polygons.get(0));
    assertArrayEquals(new int[] {0, 0, 1, 0, 1, 1, 0, 1}, polygons.get(1));
  }

  @Test
  void singlePixelsAndOnePixelLinesKeepTheirEnds() {
    assertArrayEquals(new int[] {4, 4}, Contours.outer(draw(8, 8, new int[] {4, 4, 5, 5}), 8, 8).get(0));
    assertArrayEquals(new int[] {1, 2, 5, 2}, Contours.outer(draw(8, 8, new int[] {1, 2, 6, 3}), 8, 8).get(0));
  }

  @Test
  void tracingAnRleInsideItsBoxGivesTheSamePolygonsAsTheWholeFrame() {
    java.util.Random random = new java.util.Random(3);
    int w = 120;
    int h = 90;
    for (int trial = 0; trial < 20; trial++) {
      boolean[] bitmap = new boolean[w * h];
      for (int blob = 0; blob < 1 + random.nextInt(3); blob++) { // noisy discs, some touching an edge
        int cx = random.nextInt(w);
        int cy = random.nextInt(h);
        int r = 2 + random.nextInt(25);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            if (Math.hypot(x - cx, y - cy) < r + random.nextGaussian()) {
              bitmap[y * w + x] = true;
            }
          }
        }
      }
      List<int[]> whole = Contours.outer(bitmap, w, h);
      List<int[]> cropped = Contours.outer(Rle.fromBitmap(bitmap, w, h));
      assertEquals(whole.size(), cropped.size(), "trial " + trial);
      for (int k = 0; k < whole.size(); k++) {
        assertArrayEquals(whole.get(k), cropped.get(k), "trial " + trial + ", part " + k);
      }
    }
    assertEquals(List.of(), Contours.outer(Rle.fromBitmap(new boolean[w * h], w, h)));
  }
}

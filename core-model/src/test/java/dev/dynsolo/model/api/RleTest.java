package dev.dynsolo.model.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RleTest {

  @Test
  void encodesColumnMajorStartingWithBackground() {
    // 3 rows x 2 columns; column 0 = [0,1,1], column 1 = [1,0,0]
    boolean[] bitmap = {
      false, true,
      true, false,
      true, false,
    };
    Rle rle = Rle.fromBitmap(bitmap, 2, 3);
    assertArrayEquals(new int[] {1, 3, 2}, rle.counts());
    assertEquals(3, rle.area());
    assertArrayEquals(bitmap, rle.toBitmap());
    assertEquals(new Box(0, 0, 2, 3), rle.boundingBox());
  }

  @Test
  void cocoStringMatchesHandEncodedValues() {
    Rle rle = new Rle(10, 1, new int[] {3, 2, 4, 1});
    // 3 -> '3', 2 -> '2', 4 -> '4', then 1 - 2 = -1 -> 31 + 48 = 'O'
    assertEquals("324O", rle.toCocoString());
    assertEquals(rle, Rle.fromCocoString("324O", 10, 1));
  }

  @Test
  void randomMasksRoundTripThroughBitmapsStringsAndRegionBuilder() {
    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      int w = 1 + random.nextInt(40);
      int h = 1 + random.nextInt(40);
      boolean[] bitmap = new boolean[w * h];
      for (int i = 0; i < bitmap.length; i++) {
        bitmap[i] = random.nextInt(3) == 0;
      }
      Rle rle = Rle.fromBitmap(bitmap, w, h);
      assertArrayEquals(bitmap, rle.toBitmap());
      assertEquals(rle, Rle.fromCocoString(rle.toCocoString(), h, w));
      RleBuilder builder = new RleBuilder(h, w);
      for (int x = 0; x < w; x++) {
        int start = -1;
        for (int y = 0; y <= h; y++) {
          boolean on = y < h && bitmap[y * w + x];
          if (on && start < 0) {
            start = y;
          } else if (!on && start >= 0) {
            builder.addColumnRun(x, start, y);
            start = -1;
          }
        }
      }
      assertEquals(rle, builder.build());
      int x0 = w;
      int y0 = h;
      int x1 = 0;
      int y1 = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          if (bitmap[y * w + x]) {
            x0 = Math.min(x0, x);
            y0 = Math.min(y0, y);
            x1 = Math.max(x1, x + 1);
            y1 = Math.max(y1, y + 1);
          }
        }
      }
      if (x1 > 0) {
        assertEquals(new Box(x0, y0, x1, y1), rle.boundingBox(), "trial " + trial);
      }
    }
  }

  @Test
  void malformedInputIsRejectedWithAReason() {
    assertThrows(IllegalArgumentException.class, () -> new Rle(2, 2, new int[] {1, 1}));
    var e = assertThrows(IllegalArgumentException.class, () -> Rle.fromCocoString("3 2", 10, 1));
    assertEquals("invalid character ' ' in COCO RLE string", e.getMessage());
  }
}

package dev.dynsolo.model.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MaskMapperTest {

  @Test
  void letterboxKeepsAspectAndCentres() {
    Letterbox box = Letterbox.fit(640, 480, 256, 256);
    assertEquals(256, box.scaledWidth());
    assertEquals(192, box.scaledHeight());
    assertEquals(0, box.offsetX());
    assertEquals(32, box.offsetY());
    assertEquals(100.0, box.frameX(box.inputX(100.0)), 1e-9);
    assertEquals(77.0, box.frameY(box.inputY(77.0)), 1e-9);
  }

  @Test
  void aBlockOfMaskCellsMapsToTheMatchingFrameRectangle() {
    // Model input 256x256, mask 64x64 (4 px per cell); frame 512x384 -> scale 0.5, offset y 32.
    Letterbox box = Letterbox.fit(512, 384, 256, 256);
    float[] probabilities = new float[64 * 64];
    // Cells x 10..19, y 20..29 cover input x 40..80, y 80..120 -> frame x 80..160, y (80-32)*2=96..176.
    for (int y = 20; y < 30; y++) {
      for (int x = 10; x < 20; x++) {
        probabilities[y * 64 + x] = 1f;
      }
    }
    Rle rle = new MaskMapper(64, 64, 256, 256).toFrame(probabilities, 0, box, 0.5f);
    assertEquals(new Box(80, 96, 160, 176), rle.boundingBox());
    // Bilinear upsampling rounds the corners a little, as in the reference; edges are exact.
    long area = rle.area();
    org.junit.jupiter.api.Assertions.assertTrue(area > 80 * 80 - 40 && area <= 80 * 80, "area " + area);
    boolean[] bitmap = rle.toBitmap();
    org.junit.jupiter.api.Assertions.assertTrue(bitmap[136 * 512 + 80] && bitmap[96 * 512 + 120]);
    org.junit.jupiter.api.Assertions.assertFalse(bitmap[136 * 512 + 79] || bitmap[95 * 512 + 120]);
  }

  @Test
  void anEmptyMapGivesNoMask() {
    Letterbox box = Letterbox.fit(100, 100, 64, 64);
    assertNull(new MaskMapper(16, 16, 64, 64).toFrame(new float[256], 0, box, 0.5f));
  }

  @Test
  void resizingAFlatImageKeepsItsColourAndPadsWithTheMean() {
    byte[] pixels = new byte[40 * 20 * 3];
    for (int i = 0; i < pixels.length; i += 3) {
      pixels[i] = (byte) 200;
      pixels[i + 1] = 10;
      pixels[i + 2] = 99;
    }
    Letterbox box = Letterbox.fit(40, 20, 32, 32);
    RgbImage out = ImageResizer.letterbox(new RgbImage(40, 20, pixels), box, new byte[] {1, 2, 3});
    int centre = (16 * 32 + 16) * 3;
    assertEquals(200, out.pixels()[centre] & 0xff);
    assertEquals(10, out.pixels()[centre + 1]);
    assertEquals(99, out.pixels()[centre + 2]);
    assertEquals(1, out.pixels()[0]); // top padding row
  }

  @Test
  void matchesAPlainBilinearSampleOfEveryFramePixel() {
    java.util.Random random = new java.util.Random(7);
    int[][] frames = {{640, 480}, {480, 640}, {300, 300}, {1280, 720}, {97, 53}};
    for (int[] frame : frames) {
      Letterbox box = Letterbox.fit(frame[0], frame[1], 256, 256);
      MaskMapper mapper = new MaskMapper(64, 64, 256, 256);
      for (int trial = 0; trial < 4; trial++) {
        int offset = 64 * 64 * trial;
        float[] probabilities = new float[offset + 64 * 64];
        // A soft blob plus noise: smooth edges and scattered single cells near the threshold.
        double cx = random.nextInt(64);
        double cy = random.nextInt(64);
        double r = 3 + random.nextInt(20);
        for (int y = 0; y < 64; y++) {
          for (int x = 0; x < 64; x++) {
            double d = Math.hypot(x - cx, y - cy) / r;
            probabilities[offset + y * 64 + x] = (float) Math.min(1, Math.max(0, 1.2 - d + 0.3 * random.nextGaussian()));
          }
        }
        Rle rle = mapper.toFrame(probabilities, offset, box, 0.5f);
        boolean[] expected = plainBilinear(probabilities, offset, box, 0.5f);
        boolean[] actual = rle == null ? new boolean[expected.length] : rle.toBitmap();
        int differing = 0;
        for (int p = 0; p < expected.length; p++) {
          differing += expected[p] != actual[p] ? 1 : 0;
        }
        assertEquals(0, differing, "frame " + frame[0] + "x" + frame[1] + ", trial " + trial);
      }
    }
  }

  /** Every frame pixel centre through the letterbox, sampled bilinearly from the 64x64 map. */
  private static boolean[] plainBilinear(float[] p, int offset, Letterbox box, float threshold) {
    int w = box.frameWidth();
    int h = box.frameHeight();
    boolean[] out = new boolean[w * h];
    for (int fy = 0; fy < h; fy++) {
      double v = Math.max(0, Math.min(63, box.inputY(fy + 0.5) / 4.0 - 0.5));
      int y0 = Math.min((int) Math.floor(v), 62);
      double wy = v - y0;
      for (int fx = 0; fx < w; fx++) {
        double u = Math.max(0, Math.min(63, box.inputX(fx + 0.5) / 4.0 - 0.5));
        int x0 = Math.min((int) Math.floor(u), 62);
        double wx = u - x0;
        double top = p[offset + y0 * 64 + x0] * (1 - wx) + p[offset + y0 * 64 + x0 + 1] * wx;
        double bottom = p[offset + (y0 + 1) * 64 + x0] * (1 - wx) + p[offset + (y0 + 1) * 64 + x0 + 1] * wx;
        out[fy * w + fx] = top * (1 - wy) + bottom * wy > threshold;
      }
    }
    return out;
  }
}

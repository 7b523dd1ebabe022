package dev.dynsolo.model.api;

import java.awt.image.BufferedImage;

/** Conversions between {@link RgbImage} and Java2D images (decoders, encoders, drawing). */
public final class RgbImages {
  private RgbImages() {}

  public static RgbImage fromBufferedImage(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] pixels = new byte[w * h * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = (y * w + x) * 3;
        pixels[p] = (byte) (row[x] >> 16);
        pixels[p + 1] = (byte) (row[x] >> 8);
        pixels[p + 2] = (byte) row[x];
      }
    }
    return new RgbImage(w, h, pixels);
  }

  public static BufferedImage toBufferedImage(RgbImage image) {
    BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    byte[] p = image.pixels();
    int[] row = new int[image.width()];
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        int i = (y * image.width() + x) * 3;
        row[x] = ((p[i] & 0xff) << 16) | ((p[i + 1] & 0xff) << 8) | (p[i + 2] & 0xff);
      }
      out.setRGB(0, y, image.width(), 1, row, 0, image.width());
    }
    return out;
  }
}

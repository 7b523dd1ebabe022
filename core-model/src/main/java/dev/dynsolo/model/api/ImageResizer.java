package dev.dynsolo.model.api;

/**
 * Letterboxes an RGB frame into the model input with bilinear sampling (half-pixel centres); the
 * padding is the normalisation mean, which the graph turns into zeros as the reference pads.
 */
public final class ImageResizer {
  private ImageResizer() {}

  public static RgbImage letterbox(RgbImage frame, Letterbox box, byte[] padColour) {
    int outW = box.inputWidth();
    int outH = box.inputHeight();
    byte[] out = new byte[outW * outH * 3];
    for (int i = 0; i < out.length; i += 3) {
      out[i] = padColour[0];
      out[i + 1] = padColour[1];
      out[i + 2] = padColour[2];
    }
    int w = box.scaledWidth();
    int h = box.scaledHeight();
    int[] xa = new int[w];
    int[] xb = new int[w];
    float[] xw = new float[w];
    for (int x = 0; x < w; x++) {
      double sx = Math.max(0, (x + 0.5) * frame.width() / w - 0.5);
      xa[x] = Math.min((int) sx, frame.width() - 1);
      xb[x] = Math.min(xa[x] + 1, frame.width() - 1);
      xw[x] = (float) (sx - xa[x]);
    }
    byte[] src = frame.pixels();
    int srcStride = frame.width() * 3;
    for (int y = 0; y < h; y++) {
      double sy = Math.max(0, (y + 0.5) * frame.height() / h - 0.5);
      int ya = Math.min((int) sy, frame.height() - 1);
      int yb = Math.min(ya + 1, frame.height() - 1);
      float yw = (float) (sy - ya);
      int rowA = ya * srcStride;
      int rowB = yb * srcStride;
      int dst = ((y + box.offsetY()) * outW + box.offsetX()) * 3;
      for (int x = 0; x < w; x++) {
        int a = xa[x] * 3;
        int b = xb[x] * 3;
        float fx = xw[x];
        for (int c = 0; c < 3; c++) {
          float top = (src[rowA + a + c] & 0xff) * (1 - fx) + (src[rowA + b + c] & 0xff) * fx;
          float bottom = (src[rowB + a + c] & 0xff) * (1 - fx) + (src[rowB + b + c] & 0xff) * fx;
          out[dst++] = (byte) Math.round(top * (1 - yw) + bottom * yw);
        }
      }
    }
    return new RgbImage(outW, outH, out);
  }
}

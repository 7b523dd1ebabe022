package dev.dynsolo.model.api;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * OpenCV's {@code resize(INTER_LINEAR)} on 8-bit pixels: the fixed-point bilinear the authors'
 * test pipeline applies before their models see an image, so imported models get the bytes they
 * were evaluated on. Native objects live only inside one call, so any thread may use it.
 */
public final class OpenCvResize {
  private OpenCvResize() {}

  public static RgbImage linear(RgbImage image, int width, int height) {
    if (image.width() == width && image.height() == height) {
      return image;
    }
    byte[] out = new byte[width * height * 3];
    try (Mat src = new Mat(image.height(), image.width(), opencv_core.CV_8UC3);
        Mat dst = new Mat(height, width, opencv_core.CV_8UC3);
        Size size = new Size(width, height)) {
      src.data().put(image.pixels(), 0, image.pixels().length);
      opencv_imgproc.resize(src, dst, size, 0, 0, opencv_imgproc.INTER_LINEAR);
      dst.data().get(out, 0, out.length);
    }
    return new RgbImage(width, height, out);
  }
}

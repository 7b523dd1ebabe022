package dev.dynsolo.stream.sink;

import dev.dynsolo.model.api.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes frames as JPEG with OpenCV (libjpeg-turbo), several times faster than ImageIO. Every
 * native object is created and freed inside one call, so any thread may use it.
 */
public final class JpegEncoder {
  private final int quality;

  /** @param quality 1..100 */
  public JpegEncoder(int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality must be in [1, 100], got " + quality);
    }
    this.quality = quality;
  }

  public byte[] encode(RgbImage image) {
    try (Mat rgb = new Mat(image.height(), image.width(), opencv_core.CV_8UC3);
        Mat bgr = new Mat();
        BytePointer out = new BytePointer();
        IntPointer params = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, quality)) {
      rgb.data().put(image.pixels(), 0, image.pixels().length);
      opencv_imgproc.cvtColor(rgb, bgr, opencv_imgproc.COLOR_RGB2BGR);
      if (!opencv_imgcodecs.imencode(".jpg", bgr, out, params)) {
        throw new IllegalStateException("JPEG encoding of a " + image.width() + "x" + image.height() + " frame failed");
      }
      byte[] jpeg = new byte[(int) out.limit()];
      out.get(jpeg);
      return jpeg;
    }
  }
}

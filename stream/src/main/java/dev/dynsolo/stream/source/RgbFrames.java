package dev.dynsolo.stream.source;

import dev.dynsolo.model.api.RgbImage;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;

/** Copies a grabber's (reused, native) RGB24 frame onto the Java heap, row by row. */
public final class RgbFrames {
  private RgbFrames() {}

  public static RgbImage copy(Frame frame) {
    int w = frame.imageWidth;
    int h = frame.imageHeight;
    int stride = frame.imageStride;
    ByteBuffer data = (ByteBuffer) frame.image[0];
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      data.get(y * stride, out, y * w * 3, w * 3);
    }
    return new RgbImage(w, h, out);
  }
}

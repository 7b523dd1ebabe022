package dev.dynsolo.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegEncoderTest {

  @Test
  void encodesAFrameThatDecodesToTheSameSizeAndColours() throws Exception {
    int w = 64;
    int h = 48;
    byte[] pixels = new byte[w * h * 3];
    for (int i = 0; i < w * h; i++) {
      boolean left = (i % w) < w / 2;
      pixels[3 * i] = (byte) (left ? 220 : 10); // red on the left, blue on the right
      pixels[3 * i + 2] = (byte) (left ? 10 : 220);
    }
    byte[] jpeg = new JpegEncoder(90).encode(new RgbImage(w, h, pixels));
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertEquals(w, decoded.getWidth());
    assertEquals(h, decoded.getHeight());
    int left = decoded.getRGB(5, 20);
    int right = decoded.getRGB(w - 5, 20);
    assertTrue(((left >> 16) & 0xff) > 180 && (left & 0xff) < 60, "left stays red (RGB order kept)");
    assertTrue(((right >> 16) & 0xff) < 60 && (right & 0xff) > 180, "right stays blue");
  }

  @Test
  void rejectsAQualityOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> new JpegEncoder(0));
  }
}

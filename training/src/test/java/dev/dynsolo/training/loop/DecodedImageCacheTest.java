package dev.dynsolo.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.dynsolo.model.api.RgbImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecodedImageCacheTest {

  @Test
  void decodesEachImageOnceWithinTheBudgetAndEveryTimePastIt() {
    Map<Path, Integer> decodes = new HashMap<>();
    DecodedImageCache cache = new DecodedImageCache(24, file -> {
      decodes.merge(file, 1, Integer::sum);
      return new RgbImage(2, 2, new byte[12]);
    });
    Path a = Path.of("a.png");
    Path b = Path.of("b.png");
    Path c = Path.of("c.png");
    RgbImage first = cache.get(a);
    assertSame(first, cache.get(a));
    cache.get(b);
    cache.get(c);
    cache.get(c);
    cache.get(b);
    assertEquals(Map.of(a, 1, b, 1, c, 2), decodes); // c no longer fits: decoded each time
    assertEquals(24, cache.cachedBytes());
    assertEquals(2, cache.cachedImages());
  }
}

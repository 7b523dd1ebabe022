package dev.dynsolo.training.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.Instance;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.model.synthetic.ShapeRenderer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code train --init} starts from is the model it names, exactly. */
class InitialModelsTest {
  private static final Path DEMO = Path.of("../models/demo");
  @TempDir Path dir;

  /** Bundle -> training form (BatchNorm unfolded) -> bundle again finds the same instances. */
  @Test
  void aBundleUnfoldsToTheModelItServes() {
    InitialModel model = InitialModels.load(DEMO);
    assertEquals(List.of("circle", "square", "triangle"), model.classNames());
    Path again = dir.resolve("again");
    BundleWriter.write(again, model.config(), model.weights(), model.classNames(), "round trip");
    ShapeRenderer renderer = new ShapeRenderer(256, 256);
    Random random = new Random(11);
    try (Segmenter original = Segmenters.open(DEMO, RuntimeOptions.defaults());
        Segmenter rebuilt = Segmenters.open(again, RuntimeOptions.defaults())) {
      for (int i = 0; i < 5; i++) {
        RgbImage scene = renderer.randomScene(random, 5).image();
        Segmentation a = original.segment(List.of(scene)).get(0);
        Segmentation b = rebuilt.segment(List.of(scene)).get(0);
        assertEquals(a.instances().size(), b.instances().size(), "scene " + i);
        assertTrue(!a.instances().isEmpty(), "the demo model finds shapes");
        for (int k = 0; k < a.instances().size(); k++) {
          Instance x = a.instances().get(k);
          Instance y = b.instances().get(k);
          assertEquals(x.classId(), y.classId());
          assertEquals(x.score(), y.score(), 1e-4);
          assertEquals(x.mask().area(), y.mask().area(), Math.max(2, x.mask().area() / 200));
        }
      }
    }
  }

  @Test
  void somethingElseIsRefusedNamingIt() {
    var e = assertThrows(IllegalArgumentException.class, () -> InitialModels.load(dir));
    assertTrue(e.getMessage().contains("neither a model bundle"), e.getMessage());
  }
}

package dev.dynsolo.model.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.api.Instance;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.api.Thresholds;
import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.bundle.TestModels;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.NmsKernel;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.weights.InitialWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmenterTest {
  @TempDir static Path dir;
  static Segmenter segmenter;

  @BeforeAll
  static void exportAndOpen() {
    ModelConfig config = TestModels.nanoWithBatchNorm(4);
    Path bundle = dir.resolve("bundle");
    BundleWriter.write(bundle, config, InitialWeights.create(config, 21), TestModels.classNames(4), "test");
    segmenter = Segmenters.open(bundle, RuntimeOptions.defaults());
    // Random weights score about the 0.01 prior: open the thresholds so instances come out.
    segmenter.setThresholds(new Thresholds(0.0f, 0.5f, 0.0f, NmsKernel.GAUSSIAN, 2f));
  }

  @AfterAll
  static void close() {
    segmenter.close();
  }

  static RgbImage frame(int w, int h, long seed) {
    return new RgbImage(w, h, TestModels.randomPixels(w * h * 3, seed));
  }

  @Test
  void instancesAreInFrameCoordinatesWithConsistentMasksAndBoxes() {
    List<Segmentation> out = segmenter.segment(List.of(frame(640, 360, 1), frame(200, 300, 2)));
    assertEquals(2, out.size());
    assertEquals(640, out.get(0).frameWidth());
    assertEquals(300, out.get(1).frameHeight());
    for (Segmentation s : out) {
      assertTrue(!s.instances().isEmpty());
      float previous = Float.MAX_VALUE;
      for (Instance i : s.instances()) {
        assertEquals(s.frameWidth(), i.mask().width());
        assertEquals(s.frameHeight(), i.mask().height());
        assertEquals(i.mask().boundingBox(), i.box());
        assertTrue(i.score() <= previous);
        previous = i.score();
        assertTrue(i.className().startsWith("class"));
        assertTrue(!i.polygons().isEmpty());
      }
    }
  }

  @Test
  void concurrentCallersGetTheSameResultsAsOne() throws Exception {
    List<RgbImage> frames = List.of(frame(320, 240, 5), frame(320, 240, 6));
    List<Segmentation> expected = segmenter.segment(frames);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Segmentation>>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(() -> segmenter.segment(frames)));
      }
      for (Future<List<Segmentation>> f : futures) {
        assertEquals(expected, f.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void nativeMemoryStaysFlatOverManyBatches() throws Exception {
    List<RgbImage> frames = List.of(frame(320, 240, 7), frame(320, 240, 8), frame(320, 240, 9));
    for (int i = 0; i < 30; i++) {
      segmenter.segment(frames);
    }
    long before = nativeKb();
    for (int i = 0; i < 200; i++) {
      segmenter.segment(frames);
    }
    long grown = nativeKb() - before;
    // Each batch fetches ~5 MB of masks: a leak would add about 1 GB here.
    assertTrue(grown < 150_000, "resident memory outside the Java heap grew by " + grown + " kB over 200 batches");
  }

  @Test
  void runsOnRealPhotographs() throws Exception {
    Path images = Path.of("..", "..", "shared", "data", "coco-tiny-38", "images", "val2017");
    if (!Files.isDirectory(images)) {
      images = Path.of("..", "..", "..", "shared", "data", "coco-tiny-38", "images", "val2017");
    }
    Assumptions.assumeTrue(Files.isDirectory(images), "COCO photographs not present (../shared/data): skipped");
    List<RgbImage> photos = new ArrayList<>();
    try (Stream<Path> files = Files.list(images)) {
      for (Path p : files.sorted().limit(3).toList()) {
        photos.add(dev.dynsolo.model.api.RgbImages.fromBufferedImage(ImageIO.read(p.toFile())));
      }
    }
    List<Segmentation> out = segmenter.segment(photos);
    for (int i = 0; i < photos.size(); i++) {
      assertEquals(photos.get(i).width(), out.get(i).frameWidth());
    }
  }

  @Test
  void aClosedSegmenterRefusesWork() {
    ModelConfig config = TestModels.nanoWithBatchNorm(1);
    Path bundle = dir.resolve("closing");
    BundleWriter.write(bundle, config, InitialWeights.create(config, 2), TestModels.classNames(1), "test");
    Segmenter s = Segmenters.open(bundle, RuntimeOptions.defaults());
    s.close();
    s.close();
    var e = assertThrows(IllegalStateException.class, () -> s.segment(List.of(frame(10, 10, 1))));
    assertEquals("segmenter is closed", e.getMessage());
  }

  /**
   * Resident memory less the committed Java heap: what native buffers hold. (The heap may grow by
   * more than the limit below while the batches' Java arrays come and go; that is not a leak.)
   */
  static long nativeKb() throws Exception {
    long heapKb = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1024;
    return residentKb() - heapKb;
  }

  static long residentKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS");
  }
}

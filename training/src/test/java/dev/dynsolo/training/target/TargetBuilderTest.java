package dev.dynsolo.training.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.Presets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetBuilderTest {

  /** nano with the paper's 1/4-scale masks (64 x 64), which the hand-computed cells below use. */
  private static ModelConfig quarterScaleNano() {
    ModelConfig nano = Presets.get("nano", 3);
    return nano.withHead(nano.head().withMaskStride(4));
  }

  /** A fully covered rectangle of cells x0..x1-1, y0..y1-1 (255 = whole cell). */
  private static byte[] rect(int side, int x0, int y0, int x1, int y1) {
    byte[] m = new byte[side * side];
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        m[y * side + x] = (byte) 255;
      }
    }
    return m;
  }

  @Test
  void aHandComputedInstanceLandsOnTheExpectedCellsOfEachMatchingLevel() {
    // nano: input 256, masks 64x64; grids 24, 20, 16, 12, 8; scale ranges (1,32) (16,64) (32,128) (64,256) (128,512).
    ModelConfig config = quarterScaleNano();
    // Mask cells x 10..25, y 20..35: box 64 x 64 input px (scale 64: levels P3, P4, P5), centre (72, 112).
    // A fringe of cells under half covered (x = 26) is kept in the target mask but not in the box.
    byte[] coverage = rect(64, 10, 20, 26, 36);
    for (int y = 20; y < 36; y++) {
      coverage[y * 64 + 26] = 100;
    }
    ImageTargets t = new TargetBuilder(config).build(List.of(new TargetInstance(2, coverage)));
    assertArrayEquals(coverage, t.masks());
    // P3 (S=20): centre cell (5, 8); sigma region cols 5..6, rows 8..9.
    // P4 (S=16): centre (4, 7); region col 4, rows 6..7.   P5 (S=12): centre (3, 5); col 3, rows 4..5.
    int p3 = 576;
    int p4 = p3 + 400;
    int p5 = p4 + 256;
    int[] expected = {p3 + 8 * 20 + 5, p3 + 8 * 20 + 6, p3 + 9 * 20 + 5, p3 + 9 * 20 + 6,
        p4 + 6 * 16 + 4, p4 + 7 * 16 + 4, p5 + 4 * 12 + 3, p5 + 5 * 12 + 3};
    assertArrayEquals(expected, t.positiveCells());
    assertArrayEquals(new int[8], t.positiveInstances());
    java.util.Set<Integer> positives = new java.util.HashSet<>();
    for (int e : expected) {
      positives.add(e);
    }
    for (int c = 0; c < t.labels().length; c++) {
      assertEquals(positives.contains(c) ? 3 : 0, t.labels()[c], "cell " + c);
    }
    assertEquals(1, t.instances());
  }

  @Test
  void halfScaleMasksGiveTheSameCellsAsQuarterScaleOnes() {
    // The same 64 x 64 input-pixel box as above: cells x 20..51, y 40..71 of the nano's 128 x 128 mask.
    ModelConfig config = Presets.get("nano", 3);
    assertEquals(128, config.maskWidth());
    ImageTargets half = new TargetBuilder(config).build(List.of(new TargetInstance(2, rect(128, 20, 40, 52, 72))));
    ImageTargets quarter = new TargetBuilder(quarterScaleNano())
        .build(List.of(new TargetInstance(2, rect(64, 10, 20, 26, 36))));
    assertArrayEquals(quarter.positiveCells(), half.positiveCells());
    assertArrayEquals(quarter.labels(), half.labels());
    assertEquals(128 * 128, half.masks().length);
  }

  @Test
  void laterInstancesOverwriteEarlierOnesAndEmptyMasksAreDropped() {
    ModelConfig config = quarterScaleNano();
    byte[] big = rect(64, 10, 20, 26, 36);
    List<TargetInstance> instances = new ArrayList<>();
    instances.add(new TargetInstance(0, big));
    instances.add(new TargetInstance(1, new byte[64 * 64])); // cropped away by augmentation
    byte[] sliver = new byte[64 * 64];
    sliver[5 * 64 + 5] = 100; // under half a cell anywhere: no box to assign from
    instances.add(new TargetInstance(2, sliver));
    instances.add(new TargetInstance(1, big.clone()));
    ImageTargets t = new TargetBuilder(config).build(instances);
    assertEquals(2, t.instances());
    for (int owner : t.positiveInstances()) {
      assertEquals(1, owner);
    }
    assertEquals(2, t.labels()[576 + 8 * 20 + 5]);
  }

  @Test
  void targetsOfA512ImageStayUnderOneMegabyte() {
    ModelConfig config = Presets.get("light-r50@512", 80);
    List<TargetInstance> instances = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      instances.add(new TargetInstance(i % 80, rect(128, i * 5, i * 4, i * 5 + 20, i * 4 + 30)));
    }
    ImageTargets t = new TargetBuilder(config).build(instances);
    assertTrue(t.sizeInBytes() <= 1_000_000, t.sizeInBytes() + " bytes");
    assertTrue(t.positiveCells().length > 0);
  }
}

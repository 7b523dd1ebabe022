package dev.dynsolo.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingScheduleTest {

  private static TrainingSchedule schedule(long seed) {
    return new TrainingSchedule(2000, 8, 3, seed, 0.01f, 100, 0.01f, List.of(2), LearningRateDecay.STEP);
  }

  @Test
  void firstAugmentationDrawIsSpreadEvenlyOverAnEpoch() {
    // The first draw of a sample's random stream picks its scale. Within one epoch those draws
    // must cover [0, 1) evenly, not cluster (as consecutive java.util.Random seeds make them do).
    TrainingSchedule schedule = schedule(1);
    for (int epoch = 0; epoch < 3; epoch++) {
      int[] deciles = new int[10];
      for (int i = 0; i < 2000; i++) {
        long seed = schedule.sampleAt((long) epoch * 2000 + i).seed();
        deciles[(int) (new Random(seed).nextDouble() * 10)]++;
      }
      for (int count : deciles) {
        assertTrue(count > 140 && count < 260, "epoch " + epoch + " deciles " + Arrays.toString(deciles));
      }
    }
  }

  @Test
  void everyEpochVisitsEveryImageOnceInItsOwnOrder() {
    TrainingSchedule schedule = schedule(7);
    int[] firstOrder = new int[2000];
    int[] secondOrder = new int[2000];
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      firstOrder[i] = schedule.sampleAt(i).imageIndex();
      secondOrder[i] = schedule.sampleAt(2000 + i).imageIndex();
      seen.add(firstOrder[i]);
    }
    assertEquals(2000, seen.size());
    assertNotEquals(Arrays.toString(firstOrder), Arrays.toString(secondOrder));
  }

  @Test
  void sameSeedSameSamplesDifferentSeedOthers() {
    TrainingSchedule a = schedule(3);
    TrainingSchedule b = schedule(3);
    TrainingSchedule c = schedule(4);
    int differing = 0;
    for (long p = 0; p < 5000; p += 7) {
      assertEquals(a.sampleAt(p), b.sampleAt(p));
      differing += a.sampleAt(p).seed() != c.sampleAt(p).seed() ? 1 : 0;
    }
    assertEquals((5000 + 6) / 7, differing);
  }

  @Test
  void learningRateWarmsUpThenDecays() {
    TrainingSchedule schedule = schedule(1);
    assertEquals(0.01f * 0.01f, schedule.learningRate(0), 1e-9);
    assertEquals(0.01f, schedule.learningRate(100), 1e-9);
    assertEquals(0.001f, schedule.learningRate(2 * 250), 1e-9);
  }
}

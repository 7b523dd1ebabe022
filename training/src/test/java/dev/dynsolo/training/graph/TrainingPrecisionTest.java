package dev.dynsolo.training.graph;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPrecisionTest {
  @TempDir Path dir;

  @Test
  void bf16NeedsTheCpuFlag() throws Exception {
    Path with = Files.writeString(dir.resolve("with"), "flags\t\t: fpu avx512f avx512_bf16 avx512_vnni\n");
    Path without = Files.writeString(dir.resolve("without"), "flags\t\t: fpu avx512f avx512_bf16x avx512_vnni\n");
    assertTrue(TrainingPrecision.cpuHasBf16(with));
    assertFalse(TrainingPrecision.cpuHasBf16(without));
    assertTrue(TrainingPrecision.cpuHasBf16(dir.resolve("missing")));
  }
}

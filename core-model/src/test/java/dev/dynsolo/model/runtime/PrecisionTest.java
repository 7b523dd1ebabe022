package dev.dynsolo.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

class PrecisionTest {
  @TempDir Path dir;

  @Test
  void cpuFlagsAreReadAsWholeWords() throws Exception {
    Path with = Files.writeString(dir.resolve("with"), "flags\t\t: fpu avx512f avx512_bf16 avx512_vnni\n");
    Path without = Files.writeString(dir.resolve("without"), "flags\t\t: fpu avx512f avx512_bf16x avx512_vnni\n");
    assertEquals(Optional.of(true), Precision.cpuHasBf16(with));
    assertEquals(Optional.of(false), Precision.cpuHasBf16(without));
    assertEquals(Optional.empty(), Precision.cpuHasBf16(dir.resolve("missing")));
  }

  @Test
  void autoUsesBf16OnlyWhereTheCpuHasItAndBf16RefusesACpuWithout() {
    assertEquals(Precision.BF16, Precision.AUTO.resolve(Optional.of(true)));
    assertEquals(Precision.FP32, Precision.AUTO.resolve(Optional.of(false)));
    assertEquals(Precision.FP32, Precision.AUTO.resolve(Optional.empty()));
    assertEquals(Precision.BF16, Precision.BF16.resolve(Optional.empty()));
    assertEquals(Precision.FP32, Precision.FP32.resolve(Optional.of(true)));
    var refused = assertThrows(IllegalArgumentException.class, () -> Precision.BF16.resolve(Optional.of(false)));
    assertTrue(refused.getMessage().startsWith("precision bf16"), refused.getMessage());
  }

  @Test
  void bf16SwitchesOnTheOnednnRewriteAndKeepsTheRestOfTheConfig() {
    ConfigProto base = ConfigProto.newBuilder().setIntraOpParallelismThreads(2).build();
    ConfigProto bf16 = Precision.withBf16Rewrite(base);
    assertEquals(RewriterConfig.Toggle.ON, bf16.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
    assertEquals(2, bf16.getIntraOpParallelismThreads());
    assertEquals(base, Precision.FP32.apply(base));
  }
}

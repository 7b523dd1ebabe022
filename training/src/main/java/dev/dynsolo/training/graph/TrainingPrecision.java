package dev.dynsolo.training.graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The arithmetic of a training step. {@code BF16} lets TensorFlow's oneDNN mixed-precision rewrite
 * run convolutions and their gradients in bfloat16 while variables, optimiser state, and the
 * loss stay float32: about 1.35x faster steps on CPUs with AVX-512 BF16 or AMX (measured in
 * BENCHMARKS.md). The exported bundle is float32 either way.
 */
public enum TrainingPrecision {
  FP32,
  BF16;

  /**
   * The session config with this precision's graph rewrite (unchanged for FP32).
   *
   * @throws IllegalArgumentException for BF16 on a CPU whose flags (Linux {@code /proc/cpuinfo})
   *     show neither AVX-512 BF16 nor AMX BF16, where it would be slower, not faster
   */
  public ConfigProto apply(ConfigProto config) {
    if (this == FP32) {
      return config;
    }
    if (!cpuHasBf16(Path.of("/proc/cpuinfo"))) {
      throw new IllegalArgumentException("training setting precision = bf16: this CPU has neither avx512_bf16 nor"
          + " amx_bf16; use fp32");
    }
    GraphOptions.Builder graph = config.getGraphOptions().toBuilder();
    graph.setRewriteOptions(graph.getRewriteOptions().toBuilder()
        .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON));
    return config.toBuilder().setGraphOptions(graph).build();
  }

  /** True when the CPU flags list bfloat16 instructions, or when the flags cannot be read. */
  static boolean cpuHasBf16(Path cpuinfo) {
    try {
      String flags = Files.readString(cpuinfo);
      return flags.matches("(?s).*\\b(avx512_bf16|amx_bf16)\\b.*");
    } catch (IOException e) {
      return true; // not Linux, or no procfs: let TensorFlow decide
    }
  }
}

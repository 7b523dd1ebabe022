package dev.dynsolo.model.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * The arithmetic of a session, for training and for serving. {@code BF16} lets TensorFlow's oneDNN
 * mixed-precision rewrite run convolutions (and in training their gradients) in bfloat16 while
 * variables, optimiser state and the loss stay float32: about 1.35x faster training steps on CPUs
 * with AVX-512 BF16 or AMX (measured in BENCHMARKS.md). {@code AUTO} is BF16 where the CPU flags
 * show such instructions, else FP32. Bundles are float32 either way.
 */
public enum Precision {
  FP32,
  BF16,
  AUTO;

  private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

  /** {@code auto}, {@code fp32} or {@code bf16} (any case); {@code setting} names it in the error. */
  public static Precision parse(String value, String setting) {
    try {
      return valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " must be auto, fp32 or bf16, got '" + value + "'");
    }
  }

  /**
   * The session config with this precision's graph rewrite (unchanged for FP32).
   *
   * @throws IllegalArgumentException for BF16 on a CPU whose flags (Linux {@code /proc/cpuinfo})
   *     show neither AVX-512 BF16 nor AMX BF16, where it would be slower, not faster
   */
  public ConfigProto apply(ConfigProto config) {
    return effective() == FP32 ? config : withBf16Rewrite(config);
  }

  /** What this setting means on this machine: FP32 or BF16 (see {@link #apply}). */
  public Precision effective() {
    return resolve(cpuHasBf16(CPU_INFO));
  }

  /**
   * FP32 or BF16 for a CPU that has bfloat16 instructions ({@code true}), lacks them
   * ({@code false}) or cannot tell (empty).
   */
  Precision resolve(Optional<Boolean> cpuBf16) {
    return switch (this) {
      case FP32 -> FP32;
      case AUTO -> cpuBf16.orElse(false) ? BF16 : FP32;
      case BF16 -> {
        if (!cpuBf16.orElse(true)) {
          throw new IllegalArgumentException("precision bf16: this CPU has neither avx512_bf16"
              + " nor amx_bf16; use fp32 or auto");
        }
        yield BF16;
      }
    };
  }

  /** {@code config} with oneDNN's bfloat16 auto-mixed-precision rewrite switched on, all else kept. */
  static ConfigProto withBf16Rewrite(ConfigProto config) {
    GraphOptions.Builder graph = config.getGraphOptions().toBuilder();
    graph.setRewriteOptions(graph.getRewriteOptions().toBuilder()
        .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON));
    return config.toBuilder().setGraphOptions(graph).build();
  }

  /** Whether the CPU flags list bfloat16 instructions; empty when they cannot be read (not Linux). */
  static Optional<Boolean> cpuHasBf16(Path cpuinfo) {
    try {
      return Optional.of(Files.readString(cpuinfo).matches("(?s).*\\b(avx512_bf16|amx_bf16)\\b.*"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

package dev.dynsolo.model.runtime;

import java.util.Map;

/**
 * How TensorFlow runs on a CPU. The choice matters (see BENCHMARKS.md) and part of it is read from
 * the environment when the natives load, so the launcher exports {@link #environment()} before the
 * JVM starts; the session-level part is applied through the session config.
 */
public enum CpuMode {
  /** TensorFlow's defaults (oneDNN on): measured fastest here for inference and training. */
  DEFAULT(Map.of()),
  /** oneDNN off: plain Eigen kernels. */
  ONEDNN_OFF(Map.of("TF_ENABLE_ONEDNN_OPTS", "0"));

  // XLA auto-clustering is not offered: the serving graph's data-dependent slices (post-processing
  // sized by the live candidates) fail to compile under tf2xla (measured; see BENCHMARKS.md).

  private final Map<String, String> environment;

  CpuMode(Map<String, String> environment) {
    this.environment = environment;
  }

  /** Variables that must be in the process environment before TensorFlow loads. */
  public Map<String, String> environment() {
    return environment;
  }

  /** Parses a mode name as written in config or on the command line ({@code onednn-off}, ...). */
  public static CpuMode parse(String name) {
    for (CpuMode mode : values()) {
      if (mode.name().equalsIgnoreCase(name.replace('-', '_'))) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown cpu mode '" + name + "': use default or onednn-off");
  }

  /**
   * Null when this process's environment matches the mode, otherwise a sentence saying which
   * variable is missing (the mode then only partly applies).
   */
  public String environmentProblem(Map<String, String> processEnvironment) {
    for (var e : environment.entrySet()) {
      String actual = processEnvironment.get(e.getKey());
      if (actual == null || !actual.contains(e.getValue())) {
        return "cpu mode " + name().toLowerCase().replace('_', '-') + " needs " + e.getKey() + "=" + e.getValue()
            + " in the environment before the JVM starts (the ./solo launcher sets it)";
      }
    }
    return null;
  }
}

package dev.dynsolo.model.serving;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CUDA wiring for the {@code linux-x86_64-gpu} TensorFlow natives. They dlopen CUDA 12 / cuDNN 9
 * libraries by soname; those come from a CUDA base image (system paths) or from a directory named
 * by {@code SOLO_CUDA_LIBS} (for example the extracted {@code org.bytedeco:cuda} redist jar), whose
 * libraries are preloaded here in dependency order before TensorFlow loads.
 */
public final class GpuSupport {
  private static final Logger LOG = LoggerFactory.getLogger(GpuSupport.class);

  /** Sonames the GPU natives need, in an order where each one's dependencies come first. */
  public static final List<String> LIBRARIES = List.of(
      "libcudart.so.12", "libcublasLt.so.12", "libcublas.so.12", "libcufft.so.11", "libcusparse.so.12",
      "libcusolver.so.11", "libcupti.so.12", "libnccl.so.2",
      "libcudnn.so.9", "libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn_cnn.so.9",
      "libcudnn_adv.so.9", "libcudnn_engines_precompiled.so.9", "libcudnn_engines_runtime_compiled.so.9",
      "libcudnn_heuristic.so.9");

  /** The driver's library; it always comes from the host. */
  public static final String DRIVER = "libcuda.so.1";

  private static final List<String> SYSTEM_DIRS = List.of(
      "/usr/local/cuda/lib64", "/usr/local/nvidia/lib64", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib/x86_64-linux-gnu");

  private GpuSupport() {}

  /**
   * Where each library resolves, or null where it cannot be found, looking in {@code extraDir}
   * first, then {@code LD_LIBRARY_PATH}, then the usual system directories.
   */
  public static Map<String, Path> resolve(Path extraDir, String ldLibraryPath) {
    List<Path> dirs = new ArrayList<>();
    if (extraDir != null) {
      dirs.add(extraDir);
    }
    if (ldLibraryPath != null) {
      for (String d : ldLibraryPath.split(File.pathSeparator)) {
        if (!d.isBlank()) {
          dirs.add(Path.of(d));
        }
      }
    }
    SYSTEM_DIRS.forEach(d -> dirs.add(Path.of(d)));
    Map<String, Path> found = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(LIBRARIES);
    all.add(DRIVER);
    for (String lib : all) {
      found.put(lib, dirs.stream().map(d -> d.resolve(lib)).filter(Files::isRegularFile).findFirst().orElse(null));
    }
    return found;
  }

  /** Names of the libraries that {@link #resolve} could not find. */
  public static List<String> missing(Map<String, Path> resolved) {
    return resolved.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
  }

  /**
   * Preloads libraries from {@code SOLO_CUDA_LIBS} when it is set, and warns (TensorFlow then runs
   * on the CPU) when any library is missing.
   */
  static synchronized void prepare() {
    String dir = System.getenv("SOLO_CUDA_LIBS");
    Map<String, Path> resolved = resolve(dir == null ? null : Path.of(dir), System.getenv("LD_LIBRARY_PATH"));
    List<String> missing = missing(resolved);
    if (!missing.isEmpty()) {
      LOG.warn("GPU requested but CUDA libraries are missing ({}); TensorFlow will fall back to the CPU", missing);
      return;
    }
    if (dir != null) {
      for (String lib : LIBRARIES) {
        Path p = resolved.get(lib);
        if (p.startsWith(Path.of(dir))) {
          System.load(p.toAbsolutePath().toString());
        }
      }
    }
  }
}

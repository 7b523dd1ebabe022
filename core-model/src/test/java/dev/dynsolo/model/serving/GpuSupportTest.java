package dev.dynsolo.model.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPU wiring up to library resolution (no GPU can run TensorFlow on the project's machines). */
class GpuSupportTest {
  @TempDir Path dir;

  @Test
  void resolvesEachCudaLibraryFromTheGivenDirectoryFirst() throws Exception {
    for (String lib : GpuSupport.LIBRARIES) {
      Files.writeString(dir.resolve(lib), "");
    }
    Map<String, Path> resolved = GpuSupport.resolve(dir, null);
    for (String lib : GpuSupport.LIBRARIES) {
      assertEquals(dir.resolve(lib), resolved.get(lib), lib);
    }
    List<String> missing = GpuSupport.missing(resolved);
    // The driver never comes from a redist directory; on a machine without a GPU it is missing.
    assertTrue(missing.isEmpty() || missing.equals(List.of(GpuSupport.DRIVER)), missing.toString());
  }

  @Test
  void reportsWhatIsMissingAndDeviceSettingsReachTheSessionConfig() {
    Path empty = dir.resolve("empty");
    List<String> missing = GpuSupport.missing(GpuSupport.resolve(empty, empty.toString()));
    assertTrue(missing.contains("libcudnn.so.9") || !missing.contains("libcudart.so.12"), missing.toString());

    var gpu = new RuntimeOptions(2, 1, dev.dynsolo.model.runtime.CpuMode.DEFAULT, "gpu:1").toConfigProto();
    assertEquals("1", gpu.getGpuOptions().getVisibleDeviceList());
    assertTrue(gpu.getGpuOptions().getAllowGrowth());
    assertEquals(2, gpu.getIntraOpParallelismThreads());
    var cpu = new RuntimeOptions(0, 0, dev.dynsolo.model.runtime.CpuMode.DEFAULT, "cpu").toConfigProto();
    assertEquals(0, cpu.getDeviceCountOrDefault("GPU", -1));
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new RuntimeOptions(0, 0, dev.dynsolo.model.runtime.CpuMode.DEFAULT, "tpu"));
    assertTrue(e.getMessage().contains("runtime.device"));
  }
}

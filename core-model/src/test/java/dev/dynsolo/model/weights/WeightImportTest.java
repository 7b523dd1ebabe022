package dev.dynsolo.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.bundle.TestModels;
import dev.dynsolo.model.config.ModelConfig;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightImportTest {
  @TempDir Path dir;

  /** Writes arrays the way numpy.savez does (npy v1, little-endian float32, C order). */
  static void writeNpz(Path file, Map<String, WeightTensor> arrays) throws Exception {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (var e : arrays.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
        StringBuilder shape = new StringBuilder();
        for (long d : e.getValue().shape()) {
          shape.append(d).append(", ");
        }
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
        int pad = 16 - (10 + header.length() + 1) % 16;
        header = header + " ".repeat(pad % 16) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.write("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocate(e.getValue().values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(e.getValue().values());
        out.write(b.array());
        zip.write(out.toByteArray());
        zip.closeEntry();
      }
    }
  }

  /** HWIO back to PyTorch's OIHW. */
  static WeightTensor hwioToOihw(WeightTensor t) {
    long[] s = t.shape();
    int h = (int) s[0];
    int w = (int) s[1];
    int in = (int) s[2];
    int o = (int) s[3];
    float[] dst = new float[t.values().length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int b = 0; b < in; b++) {
          for (int a = 0; a < o; a++) {
            dst[((a * in + b) * h + y) * w + x] = t.values()[((y * w + x) * in + b) * o + a];
          }
        }
      }
    }
    return new WeightTensor(new long[] {o, in, h, w}, dst);
  }

  @Test
  void aTorchvisionStyleResNetFileInitialisesTheBackbone() throws Exception {
    ModelConfig config = TestModels.nanoWithBatchNorm(2);
    WeightSet trained = InitialWeights.create(config, 3);
    TestModels.randomiseBatchNorm(trained, 8);
    Map<String, WeightTensor> torch = new LinkedHashMap<>();
    for (String name : trained.names()) {
      if (name.startsWith("backbone.")) {
        WeightTensor t = trained.get(name);
        torch.put(name.substring("backbone.".length()), t.shape().length == 4 ? hwioToOihw(t) : t);
      }
    }
    torch.put("fc.weight", new WeightTensor(new long[] {2, 2}, new float[4])); // classifier: ignored
    Path file = dir.resolve("resnet.npz");
    writeNpz(file, torch);

    WeightSet fresh = InitialWeights.create(config, 99);
    WeightImport.Report report = WeightImport.apply(fresh, NpzReader.read(file), "backbone.", "backbone.");
    assertTrue(report.missing().isEmpty(), report.missing().toString());
    assertTrue(report.mismatched().isEmpty(), report.mismatched().toString());
    for (String name : fresh.names()) {
      if (name.startsWith("backbone.")) {
        assertArrayEquals(trained.get(name).values(), fresh.get(name).values(), name);
      } else {
        assertArrayEquals(InitialWeights.create(config, 99).get(name).values(), fresh.get(name).values(), name);
      }
    }
    assertEquals(torch.size() - 1, report.imported().size());
  }

  @Test
  void wrongShapesAndBadFilesAreReported() throws Exception {
    ModelConfig config = TestModels.nanoWithBatchNorm(2);
    Path file = dir.resolve("bad.npz");
    writeNpz(file, Map.of("conv1.weight", new WeightTensor(new long[] {1, 1, 1, 1}, new float[1])));
    WeightImport.Report report = WeightImport.apply(InitialWeights.create(config, 1), NpzReader.read(file), "backbone.",
        "backbone.");
    assertEquals(1, report.mismatched().size());
    assertTrue(report.mismatched().get(0).startsWith("backbone.conv1.weight"));
    Files.writeString(dir.resolve("text.npz"), "not a zip");
    assertThrows(IllegalArgumentException.class, () -> NpzReader.read(dir.resolve("text.npz")));
    assertThrows(IllegalArgumentException.class, () -> NpzReader.read(dir.resolve("absent.npz")));
  }
}

package dev.dynsolo.model.weights.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch file reader on the fixture checkpoints written by torch 2.13 (the zip format) and
 * by {@code torch.save(..., _use_new_zipfile_serialization=False)} (the legacy format of the 2020
 * files), and on damaged files, which must fail with one clear line.
 */
class TorchFilesTest {
  @TempDir Path dir;

  private static Path oracle(String name) {
    for (String candidate : new String[] {"../../shared/reference/solov2-oracle", "../shared/reference/solov2-oracle"}) {
      Path p = Path.of(candidate, name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    Assumptions.abort("../shared/reference/solov2-oracle is absent (a fresh clone has no shared data): skipped");
    return null;
  }

  @Test
  void zipFloat32AndLegacyFloat16HoldTheSameValues() {
    TorchCheckpoint zip = TorchCheckpoint.read(oracle("checkpoint_wxinlong_zip_fp32.pth"));
    TorchCheckpoint legacy = TorchCheckpoint.read(oracle("checkpoint_mmdet_legacy_fp16.pth"));
    assertEquals(176, zip.tensors().size());
    assertEquals(176, legacy.tensors().size());
    assertEquals("backbone.conv1.weight", zip.tensors().keySet().iterator().next(), "file order is kept");
    assertEquals(80, zip.metaClasses().size());
    assertEquals("traffic_light", zip.metaClasses().get(9));
    assertEquals("traffic light", legacy.metaClasses().get(9));
    TorchTensor a = zip.tensors().get("backbone.layer3.0.conv1.weight");
    TorchTensor b = legacy.tensors().get("backbone.layer3.0.conv1.weight");
    assertEquals(TorchDtype.FLOAT32, a.dtype());
    assertEquals(TorchDtype.FLOAT16, b.dtype());
    assertArrayEquals(new long[] {256, 128, 3, 3}, a.shape());
    assertArrayEquals(a.toWeightTensor().values(), b.toWeightTensor().values(), "float16 widened must be exact");
    TorchTensor head = zip.tensors().get("bbox_head.solo_cate.weight");
    TorchTensor renamed = legacy.tensors().get("mask_head.conv_cls.weight");
    assertArrayEquals(head.toWeightTensor().values(), renamed.toWeightTensor().values());
    assertEquals(TorchDtype.INT64, zip.tensors().get("backbone.bn1.num_batches_tracked").dtype());
  }

  @Test
  void halfFloatsConvertExactly() {
    assertEquals(1f, HalfFloats.toFloat((short) 0x3c00));
    assertEquals(-2f, HalfFloats.toFloat((short) 0xc000));
    assertEquals(65504f, HalfFloats.toFloat((short) 0x7bff));
    assertEquals(0x1p-24f, HalfFloats.toFloat((short) 0x0001), "smallest subnormal");
    assertEquals(Float.POSITIVE_INFINITY, HalfFloats.toFloat((short) 0x7c00));
    assertTrue(Float.isNaN(HalfFloats.toFloat((short) 0x7e00)));
    assertEquals(-0f, HalfFloats.toFloat((short) 0x8000));
  }

  @Test
  void stridedTensorsReadInCOrder() {
    TorchStorage storage = TorchStorage.ofFloats("0", new float[] {0, 1, 2, 3, 4, 5});
    TorchTensor transposed = new TorchTensor(storage, 0, new long[] {3, 2}, new long[] {1, 3});
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, transposed.toWeightTensor().values());
    TorchTensor tooFar = new TorchTensor(storage, 4, new long[] {3}, new long[] {1});
    assertThrows(IllegalArgumentException.class, tooFar::toWeightTensor);
  }

  @Test
  void truncatedFilesFailNamingTheProblem() throws IOException {
    for (String name : new String[] {"checkpoint_wxinlong_zip_fp32.pth", "checkpoint_mmdet_legacy_fp16.pth"}) {
      byte[] whole = Files.readAllBytes(oracle(name));
      Path cut = dir.resolve("cut-" + name);
      Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
      CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.read(cut));
      assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }
  }

  @Test
  void otherFilesAreRefusedClearly() throws IOException {
    Path text = dir.resolve("notes.pth");
    Files.writeString(text, "not a checkpoint");
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.read(text));
    assertTrue(e.getMessage().contains("is not a PyTorch file"), e.getMessage());
    Path missing = dir.resolve("missing.pth");
    e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.read(missing));
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
    Path zip = dir.resolve("other.zip");
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
      out.write("hello".getBytes());
    }
    e = assertThrows(CheckpointFormatException.class, () -> TorchCheckpoint.read(zip));
    assertTrue(e.getMessage().contains("without <name>/data.pkl"), e.getMessage());
  }

  @Test
  void wrappersAndDataParallelPrefixesAreUnwrapped() {
    TorchCheckpoint zip = TorchCheckpoint.read(oracle("checkpoint_wxinlong_zip_fp32.pth"));
    Map<String, TorchTensor> tensors = zip.tensors();
    assertTrue(tensors.keySet().stream().noneMatch(k -> k.startsWith("module.")));
    assertTrue(zip.meta().containsKey("config"));
  }
}

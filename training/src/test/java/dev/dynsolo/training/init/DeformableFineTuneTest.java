package dev.dynsolo.training.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.config.ConvKind;
import dev.dynsolo.training.loop.TrainResult;
import dev.dynsolo.training.loop.TrainSettings;
import dev.dynsolo.training.loop.TrainSettingsFile;
import dev.dynsolo.training.loop.Trainer;
import dev.dynsolo.training.shapes.ShapesDatasetWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --init} from an authors' deformable checkpoint (core-model's DCN oracle fixture):
 * the training graph differentiates through the deformable sampling, so one epoch moves the offset
 * convolutions of the backbone (DCNv2) and of the head (DCN) as well as the ordinary weights, and
 * the result is a bundle with the same deformable layers.
 */
class DeformableFineTuneTest {
  private static final Path DCN =
      Path.of("../core-model/src/test/resources/oracle-dcn/checkpoint_dcn_wxinlong_fp16.pth");
  @TempDir Path dir;

  @Test
  void fineTuningMovesTheOffsetConvolutions() {
    ShapesDatasetWriter.write(dir, "train", 2, 256, 256, 3, 4);
    TrainSettings settings = TrainSettingsFile.read(null, Map.of("trainAnnotations", "annotations/train.json",
        "trainImages", "images", "batchSize", 2, "epochs", 1, "learningRate", 1e-3, "warmupSteps", 0,
        "validateEveryEpochs", 0, "init", DCN.toAbsolutePath().toString()));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    TrainResult result = new Trainer(settings, dir.resolve("run"), dir, new PrintStream(log)).run(false);

    InitialModel start = InitialModels.load(DCN);
    InitialModel tuned = InitialModels.load(result.bundle());
    assertEquals(start.config().backbone().stageConvs(), tuned.config().backbone().stageConvs());
    assertEquals(ConvKind.DEFORMABLE, tuned.config().head().towerConvs().get(2));
    for (String name : new String[] {"backbone.layer3.0.conv2.conv_offset.weight",
        "bbox_head.kernel_convs.2.conv.conv_offset.weight", "bbox_head.cate_convs.2.conv.conv_offset.bias"}) {
      float[] before = start.weights().get(name).values();
      float[] after = tuned.weights().get(name).values();
      double moved = 0;
      for (int i = 0; i < before.length; i++) {
        assertTrue(Float.isFinite(after[i]), name);
        moved = Math.max(moved, Math.abs(after[i] - before[i]));
      }
      assertTrue(moved > 1e-7, name + " did not move in training: " + log);
    }
  }
}

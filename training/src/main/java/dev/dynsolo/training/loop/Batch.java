package dev.dynsolo.training.loop;

import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.training.graph.TrainingGraph;
import dev.dynsolo.training.target.ImageTargets;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * A batch of samples as the feed tensors of one training step: the positives of all images listed
 * one after another (no padding), instance masks padded to the image with the most. Owns its
 * tensors: close it after the step.
 */
public final class Batch implements AutoCloseable {
  private final List<Tensor> tensors = new ArrayList<>();
  private final TUint8 images;
  private final TInt32 labels;
  private final TInt32 positiveCells;
  private final TInt32 positiveInstances;
  private final TInt32 positiveCounts;
  private final TUint8 masks;
  public final int size;

  public Batch(ModelConfig config, List<TrainingSample> samples) {
    size = samples.size();
    int h = config.input().height();
    int w = config.input().width();
    int cells = config.totalCells();
    int maskPixels = config.maskHeight() * config.maskWidth();
    int totalPositives = 0;
    int maxInstances = 1;
    for (TrainingSample s : samples) {
      totalPositives += s.targets().positiveCells().length;
      maxInstances = Math.max(maxInstances, s.targets().instances());
    }
    byte[] imageBytes = new byte[size * h * w * 3];
    int[] labelValues = new int[size * cells];
    int[] cellValues = new int[totalPositives];
    int[] instanceValues = new int[totalPositives];
    int[] countValues = new int[size];
    byte[] maskBytes = new byte[size * maxInstances * maskPixels];
    int next = 0;
    for (int i = 0; i < size; i++) {
      TrainingSample s = samples.get(i);
      ImageTargets t = s.targets();
      System.arraycopy(s.image().pixels(), 0, imageBytes, i * h * w * 3, h * w * 3);
      System.arraycopy(t.labels(), 0, labelValues, i * cells, cells);
      for (int p = 0; p < t.positiveCells().length; p++, next++) {
        cellValues[next] = i * cells + t.positiveCells()[p];
        instanceValues[next] = i * maxInstances + t.positiveInstances()[p];
      }
      countValues[i] = t.positiveCells().length;
      System.arraycopy(t.masks(), 0, maskBytes, i * maxInstances * maskPixels, t.masks().length);
    }
    images = track(TUint8.tensorOf(Shape.of(size, h, w, 3), DataBuffers.of(imageBytes, true, false)));
    labels = track(TInt32.tensorOf(Shape.of(size, cells), DataBuffers.of(labelValues, true, false)));
    positiveCells = track(TInt32.tensorOf(Shape.of(totalPositives), DataBuffers.of(cellValues, true, false)));
    positiveInstances = track(TInt32.tensorOf(Shape.of(totalPositives), DataBuffers.of(instanceValues, true, false)));
    positiveCounts = track(TInt32.tensorOf(Shape.of(size), DataBuffers.of(countValues, true, false)));
    masks = track(TUint8.tensorOf(Shape.of(size, maxInstances, config.maskHeight(), config.maskWidth()),
        DataBuffers.of(maskBytes, true, false)));
  }

  private <T extends Tensor> T track(T tensor) {
    tensors.add(tensor);
    return tensor;
  }

  /** Feeds this batch into a runner of the training graph. */
  public Session.Runner feed(Session.Runner runner, TrainingGraph g) {
    if (size != g.batchSize) {
      throw new IllegalArgumentException("a batch of " + size + " images fed to a graph built for " + g.batchSize);
    }
    return runner.feed(g.images, images).feed(g.labels, labels).feed(g.positiveCells, positiveCells)
        .feed(g.positiveInstances, positiveInstances).feed(g.positiveCounts, positiveCounts).feed(g.masks, masks);
  }

  @Override
  public void close() {
    tensors.forEach(Tensor::close);
  }
}

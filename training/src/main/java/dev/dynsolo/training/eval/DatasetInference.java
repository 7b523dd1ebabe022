package dev.dynsolo.training.eval;

import dev.dynsolo.model.api.Instance;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.training.data.Dataset;
import dev.dynsolo.training.data.ImageFiles;
import dev.dynsolo.training.data.ImageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/** Runs a segmenter over every image of a dataset, in batches, and collects its detections. */
public final class DatasetInference {
  private DatasetInference() {}

  public static List<Detection> run(Segmenter segmenter, Dataset dataset, int batchSize, IntConsumer progress) {
    List<Detection> detections = new ArrayList<>();
    List<ImageRecord> images = dataset.images();
    for (int start = 0; start < images.size(); start += batchSize) {
      List<ImageRecord> chunk = images.subList(start, Math.min(images.size(), start + batchSize));
      List<RgbImage> frames = new ArrayList<>();
      for (ImageRecord r : chunk) {
        frames.add(ImageFiles.read(r.file()));
      }
      List<Segmentation> results = segmenter.segment(frames);
      for (int i = 0; i < chunk.size(); i++) {
        for (Instance instance : results.get(i).instances()) {
          detections.add(new Detection(chunk.get(i).id(), instance.classId(), instance.score(), instance.mask()));
        }
      }
      progress.accept(Math.min(images.size(), start + batchSize));
    }
    return detections;
  }
}

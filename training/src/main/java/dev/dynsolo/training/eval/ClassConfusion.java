package dev.dynsolo.training.eval;

import dev.dynsolo.training.data.Dataset;
import dev.dynsolo.training.data.ImageRecord;
import dev.dynsolo.training.data.InstanceAnnotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a model's mistakes are: for every (non-crowd) ground-truth instance, the class of the
 * highest-scoring detection whose mask overlaps it with IoU >= 0.5, whatever that detection's class,
 * or "missed". Mask AP alone cannot tell a model that segments well but names wrongly from one that
 * misses objects; this can. Also counts instances found under more than one class (duplicates that
 * class-aware NMS keeps and that cost precision).
 *
 * @param classNames the dataset's classes
 * @param counts [truth class][predicted class], the last column "missed"
 * @param multiClass instances matched by detections of two or more classes
 */
public record ClassConfusion(List<String> classNames, long[][] counts, long multiClass) {
  public static final double MATCH_IOU = 0.5;

  public static ClassConfusion of(Dataset dataset, List<Detection> detections) {
    int classes = dataset.classNames().size();
    long[][] counts = new long[classes][classes + 1];
    long multiClass = 0;
    Map<Long, List<Detection>> byImage = new HashMap<>();
    for (Detection d : detections) {
      byImage.computeIfAbsent(d.imageId(), k -> new ArrayList<>()).add(d);
    }
    for (ImageRecord image : dataset.images()) {
      List<Detection> candidates = byImage.getOrDefault(image.id(), List.of());
      for (InstanceAnnotation truth : image.instances()) {
        if (truth.crowd()) {
          continue;
        }
        Detection best = null;
        Set<Integer> matchedClasses = new HashSet<>();
        for (Detection d : candidates) {
          if (MaskIou.iou(d.mask(), truth.mask(), false) >= MATCH_IOU) {
            matchedClasses.add(d.classIndex());
            if (best == null || d.score() > best.score()) {
              best = d;
            }
          }
        }
        counts[truth.classIndex()][best == null ? classes : best.classIndex()]++;
        if (matchedClasses.size() > 1) {
          multiClass++;
        }
      }
    }
    return new ClassConfusion(List.copyOf(dataset.classNames()), counts, multiClass);
  }

  /** Instances whose best match has their class, over all instances. */
  public double accuracy() {
    long right = 0;
    long all = 0;
    for (int t = 0; t < counts.length; t++) {
      right += counts[t][t];
      for (long c : counts[t]) {
        all += c;
      }
    }
    return all == 0 ? 0 : (double) right / all;
  }

  /** A table: one row per true class, one column per predicted class and "missed". */
  public String format() {
    int width = Math.max(8, classNames.stream().mapToInt(String::length).max().orElse(0) + 2);
    StringBuilder out = new StringBuilder("Class confusion (best detection with mask IoU >= 0.5; rows = truth)\n");
    out.append(pad("", width));
    classNames.forEach(n -> out.append(pad(n, width)));
    out.append(pad("missed", width)).append('\n');
    for (int t = 0; t < counts.length; t++) {
      out.append(pad(classNames.get(t), width));
      for (long c : counts[t]) {
        out.append(pad(Long.toString(c), width));
      }
      out.append('\n');
    }
    out.append(String.format(Locale.ROOT, "right class %.3f of instances; %d found under more than one class%n",
        accuracy(), multiClass));
    return out.toString();
  }

  private static String pad(String s, int width) {
    return String.format("%" + width + "s", s);
  }
}

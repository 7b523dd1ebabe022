package dev.dynsolo.training.target;

import dev.dynsolo.model.config.LevelConfig;
import dev.dynsolo.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * SOLOv2 target assignment (the authors' {@code solov2_target_single}): an instance goes to every
 * level whose inclusive scale range holds sqrt(w * h) of its box; on that level's S x S grid the
 * cells of the centre region (the box scaled by sigma = 0.2 around the mass centre, clipped to
 * 3 x 3 cells around the centre cell) take its class and point to its mask. Later instances
 * overwrite earlier ones where regions overlap.
 */
public final class TargetBuilder {
  public static final double SIGMA = 0.2;

  private final ModelConfig config;
  private final int maskWidth;
  private final int maskHeight;
  private final double maskStride;

  public TargetBuilder(ModelConfig config) {
    this.config = config;
    this.maskStride = config.head().maskStride();
    this.maskWidth = config.maskWidth();
    this.maskHeight = config.maskHeight();
  }

  public ImageTargets build(List<TargetInstance> instances) {
    int inputW = config.input().width();
    int inputH = config.input().height();
    int[] labels = new int[config.totalCells()];
    int[] owner = new int[config.totalCells()];
    java.util.Arrays.fill(owner, -1);
    List<byte[]> kept = new ArrayList<>();
    for (TargetInstance instance : instances) {
      Geometry g = geometry(instance);
      if (g == null) {
        continue; // nothing (or no cell at least half) left after augmentation
      }
      int index = kept.size();
      kept.add(instance.coverage());
      // Box size and centre in input pixels (masks are at 1/maskStride scale).
      double boxW = g.width() * maskStride;
      double boxH = g.height() * maskStride;
      double scale = Math.sqrt(boxW * boxH);
      double cx = (g.centreX() + 0.5) * maskStride;
      double cy = (g.centreY() + 0.5) * maskStride;
      double halfW = 0.5 * boxW * SIGMA;
      double halfH = 0.5 * boxH * SIGMA;
      int levelStart = 0;
      for (LevelConfig level : config.levels()) {
        int s = level.grid();
        if (scale >= level.scaleMin() && scale <= level.scaleMax()) {
          int centreCol = cell(cx / inputW, s);
          int centreRow = cell(cy / inputH, s);
          int top = Math.max(Math.max(0, cell((cy - halfH) / inputH, s)), centreRow - 1);
          int bottom = Math.min(Math.min(s - 1, cell((cy + halfH) / inputH, s)), centreRow + 1);
          int left = Math.max(Math.max(0, cell((cx - halfW) / inputW, s)), centreCol - 1);
          int right = Math.min(Math.min(s - 1, cell((cx + halfW) / inputW, s)), centreCol + 1);
          for (int row = top; row <= bottom; row++) {
            for (int col = left; col <= right; col++) {
              int c = levelStart + row * s + col;
              labels[c] = instance.classIndex() + 1;
              owner[c] = index;
            }
          }
        }
        levelStart += s * s;
      }
    }
    List<Integer> cells = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int c = 0; c < owner.length; c++) {
      if (owner[c] >= 0) {
        cells.add(c);
        owners.add(owner[c]);
      }
    }
    int maskCells = maskWidth * maskHeight;
    byte[] masks = new byte[kept.size() * maskCells];
    for (int i = 0; i < kept.size(); i++) {
      System.arraycopy(kept.get(i), 0, masks, i * maskCells, maskCells);
    }
    return new ImageTargets(labels, toArray(cells), toArray(owners), masks, kept.size());
  }

  /** floor(fraction * S), the reference's {@code int(x // (1 / S))}, clamped at the top to S - 1. */
  private static int cell(double fraction, int s) {
    return Math.min(s - 1, (int) Math.floor(fraction * s));
  }

  private record Geometry(int width, int height, double centreX, double centreY) {}

  /** Box and mass centre of the cells the instance covers at least half, or null if none. */
  private Geometry geometry(TargetInstance instance) {
    int x0 = maskWidth;
    int y0 = maskHeight;
    int x1 = -1;
    int y1 = -1;
    double sumX = 0;
    double sumY = 0;
    int count = 0;
    for (int y = 0; y < maskHeight; y++) {
      for (int x = 0; x < maskWidth; x++) {
        if (instance.covers(y * maskWidth + x)) {
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
          sumX += x;
          sumY += y;
          count++;
        }
      }
    }
    if (count == 0) {
      return null;
    }
    return new Geometry(x1 - x0 + 1, y1 - y0 + 1, sumX / count, sumY / count);
  }

  private static int[] toArray(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }
}

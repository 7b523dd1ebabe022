package dev.dynsolo.model.api;

import java.util.Arrays;

/**
 * Builds an {@link Rle} from foreground intervals given in increasing column-major order, so a
 * mask known only inside a small region never has to be expanded to the full frame.
 */
public final class RleBuilder {
  private final int height;
  private final int width;
  private int[] counts = new int[16];
  private int size;
  private long end; // index just after the last foreground run

  public RleBuilder(int height, int width) {
    this.height = height;
    this.width = width;
  }

  /** Adds foreground pixels {@code y0..y1-1} of column {@code x}; calls must go forward. */
  public void addColumnRun(int x, int y0, int y1) {
    if (y1 <= y0) {
      return;
    }
    long start = (long) x * height + y0;
    long stop = (long) x * height + y1;
    if (start < end) {
      throw new IllegalStateException("runs must be added in column-major order");
    }
    if (start == end && size > 0) {
      counts[size - 1] += (int) (stop - start); // touches the previous run: extend it
    } else {
      append((int) (start - end));
      append((int) (stop - start));
    }
    end = stop;
  }

  /** The mask; like COCO's encoder, it ends with the last run (no trailing empty background). */
  public Rle build() {
    int rest = (int) ((long) height * width - end);
    if (rest == 0 && size > 0) {
      return new Rle(height, width, Arrays.copyOf(counts, size));
    }
    int[] out = Arrays.copyOf(counts, size + 1);
    out[size] = rest;
    return new Rle(height, width, out);
  }

  private void append(int value) {
    if (size == counts.length) {
      counts = Arrays.copyOf(counts, size * 2);
    }
    counts[size++] = value;
  }
}

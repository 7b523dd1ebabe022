package dev.dynsolo.model.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary mask as COCO run-length encoding: column-major runs that alternate background and
 * foreground, starting with background. Compact enough to keep per instance at frame size, and
 * exchangeable with COCO tools (uncompressed {@link #counts()} or {@link #toCocoString()}).
 */
public record Rle(int height, int width, int[] counts) {

  public Rle {
    long total = 0;
    for (int c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("negative run length in RLE");
      }
      total += c;
    }
    if (total != (long) height * width) {
      throw new IllegalArgumentException("RLE runs cover " + total + " pixels, a " + width + "x" + height
          + " mask has " + (long) height * width);
    }
  }

  /** Encodes a row-major bitmap ({@code bitmap[y * width + x]}). */
  public static Rle fromBitmap(boolean[] bitmap, int width, int height) {
    List<Integer> runs = new ArrayList<>();
    boolean current = false;
    int run = 0;
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        boolean v = bitmap[y * width + x];
        if (v != current) {
          runs.add(run);
          run = 0;
          current = v;
        }
        run++;
      }
    }
    runs.add(run);
    return new Rle(height, width, runs.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Decodes to a row-major bitmap. */
  public boolean[] toBitmap() {
    return toBitmap(new Box(0, 0, width, height));
  }

  /**
   * Decodes the part inside {@code region} to a row-major bitmap of the region's size: the cheap
   * way to work on one instance without touching the whole frame.
   */
  public boolean[] toBitmap(Box region) {
    int rw = region.width();
    int rh = region.height();
    boolean[] bitmap = new boolean[rw * rh];
    int index = 0;
    boolean value = false;
    for (int c : counts) {
      if (value) {
        for (int i = index; i < index + c; i++) {
          int x = i / height - region.x0();
          int y = i % height - region.y0();
          if (x >= 0 && y >= 0 && x < rw && y < rh) {
            bitmap[y * rw + x] = true;
          }
        }
      }
      index += c;
      value = !value;
    }
    return bitmap;
  }

  /** Foreground pixel count. */
  public long area() {
    long area = 0;
    for (int i = 1; i < counts.length; i += 2) {
      area += counts[i];
    }
    return area;
  }

  /** Tight bounding box of the foreground, or an empty box at 0,0 when there is none. */
  public Box boundingBox() {
    int x0 = Integer.MAX_VALUE;
    int y0 = Integer.MAX_VALUE;
    int x1 = -1;
    int y1 = -1;
    int index = 0;
    for (int k = 0; k < counts.length; k++) {
      int c = counts[k];
      if (k % 2 == 1 && c > 0) {
        int first = index;
        int last = index + c - 1;
        x0 = Math.min(x0, first / height);
        x1 = Math.max(x1, last / height);
        if (first / height == last / height) {
          y0 = Math.min(y0, first % height);
          y1 = Math.max(y1, last % height);
        } else { // a run across a column boundary touches the top and the bottom row
          y0 = 0;
          y1 = height - 1;
        }
      }
      index += c;
    }
    if (x1 < 0) {
      return new Box(0, 0, 0, 0);
    }
    return new Box(x0, y0, x1 + 1, y1 + 1);
  }

  /** COCO's compressed string form (the {@code counts} string of pycocotools). */
  public String toCocoString() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      long x = counts[i];
      if (i > 2) {
        x -= counts[i - 2];
      }
      boolean more = true;
      while (more) {
        long c = x & 0x1f;
        x >>= 5;
        more = (c & 0x10) != 0 ? x != -1 : x != 0;
        if (more) {
          c |= 0x20;
        }
        s.append((char) (c + 48));
      }
    }
    return s.toString();
  }

  /** Parses COCO's compressed string form; a malformed string fails with a clear message. */
  public static Rle fromCocoString(String s, int height, int width) {
    List<Integer> counts = new ArrayList<>();
    int p = 0;
    while (p < s.length()) {
      long x = 0;
      int k = 0;
      boolean more = true;
      while (more) {
        if (p >= s.length()) {
          throw new IllegalArgumentException("truncated COCO RLE string");
        }
        long c = s.charAt(p) - 48;
        if (c < 0 || c > 63) {
          throw new IllegalArgumentException("invalid character '" + s.charAt(p) + "' in COCO RLE string");
        }
        x |= (c & 0x1f) << (5 * k);
        more = (c & 0x20) != 0;
        p++;
        k++;
        if (!more && (c & 0x10) != 0) {
          x |= -1L << (5 * k);
        }
      }
      if (counts.size() > 2) {
        x += counts.get(counts.size() - 2);
      }
      counts.add((int) x);
    }
    return new Rle(height, width, counts.stream().mapToInt(Integer::intValue).toArray());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rle r && r.height == height && r.width == width && Arrays.equals(r.counts, counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Rle[" + width + "x" + height + ", " + counts.length + " runs, area " + area() + "]";
  }
}

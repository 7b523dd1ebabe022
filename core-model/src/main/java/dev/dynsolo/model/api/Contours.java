package dev.dynsolo.model.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Outer contours of a mask's 8-connected parts, by Moore-neighbour tracing with Jacob's stopping
 * rule. Points are boundary pixel coordinates; straight runs are reduced to their end points.
 */
public final class Contours {
  // Clockwise in image coordinates (y down), starting east.
  private static final int[] DX = {1, 1, 0, -1, -1, -1, 0, 1};
  private static final int[] DY = {0, 1, 1, 1, 0, -1, -1, -1};

  private Contours() {}

  /**
   * One polygon [x0, y0, x1, y1, ...] per connected part, largest first, in frame coordinates.
   * Works inside the mask's bounding box only, so the cost follows the instance, not the frame.
   */
  public static List<int[]> outer(Rle mask) {
    Box box = mask.boundingBox();
    if (box.width() <= 0 || box.height() <= 0) {
      return List.of();
    }
    List<int[]> polygons = outer(mask.toBitmap(box), box.width(), box.height());
    for (int[] polygon : polygons) {
      for (int i = 0; i < polygon.length; i += 2) {
        polygon[i] += box.x0();
        polygon[i + 1] += box.y0();
      }
    }
    return polygons;
  }

  public static List<int[]> outer(boolean[] bitmap, int width, int height) {
    int[] label = new int[bitmap.length];
    int[] queue = null;
    List<int[]> polygons = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < bitmap.length; i++) {
      if (bitmap[i] && label[i] == 0) {
        next++;
        if (queue == null) {
          queue = new int[bitmap.length];
        }
        sizes.add(fill(bitmap, label, queue, width, height, i, next));
        polygons.add(trace(label, width, height, i % width, i / width, next));
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < polygons.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> Integer.compare(sizes.get(b), sizes.get(a)));
    List<int[]> sorted = new ArrayList<>();
    for (int i : order) {
      sorted.add(polygons.get(i));
    }
    return sorted;
  }

  /** Labels the 8-connected part around {@code seed}; {@code queue} has room for every pixel. */
  private static int fill(boolean[] bitmap, int[] label, int[] queue, int width, int height, int seed, int id) {
    int head = 0;
    int tail = 0;
    queue[tail++] = seed;
    label[seed] = id;
    while (head < tail) {
      int p = queue[head++];
      int x = p % width;
      int y = p / width;
      for (int d = 0; d < 8; d++) {
        int nx = x + DX[d];
        int ny = y + DY[d];
        if (nx >= 0 && ny >= 0 && nx < width && ny < height) {
          int n = ny * width + nx;
          if (bitmap[n] && label[n] == 0) {
            label[n] = id;
            queue[tail++] = n;
          }
        }
      }
    }
    return tail;
  }

  private static int[] trace(int[] label, int width, int height, int sx, int sy, int id) {
    List<int[]> points = new ArrayList<>();
    points.add(new int[] {sx, sy});
    int x = sx;
    int y = sy;
    int dir = 0; // as if we arrived moving east: the pixels above and to the left are outside
    int firstDir = -1;
    int limit = 4 * label.length + 8;
    for (int step = 0; step < limit; step++) {
      int found = -1;
      for (int k = 0; k < 8; k++) {
        int d = (dir + 6 + k) % 8;
        int nx = x + DX[d];
        int ny = y + DY[d];
        if (nx >= 0 && ny >= 0 && nx < width && ny < height && label[ny * width + nx] == id) {
          found = d;
          break;
        }
      }
      if (found < 0) {
        break; // a single pixel
      }
      if (x == sx && y == sy && found == firstDir) {
        points.remove(points.size() - 1); // back at the start, about to repeat: closed
        break;
      }
      if (firstDir < 0) {
        firstDir = found;
      }
      x += DX[found];
      y += DY[found];
      dir = found;
      points.add(new int[] {x, y});
    }
    return simplify(points);
  }

  /** Drops points in the middle of straight runs (not where a one-pixel spur turns back). */
  private static int[] simplify(List<int[]> points) {
    int n = points.size();
    List<int[]> kept = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] prev = points.get((i - 1 + n) % n);
      int[] cur = points.get(i);
      int[] nxt = points.get((i + 1) % n);
      long cross = (long) (cur[0] - prev[0]) * (nxt[1] - cur[1]) - (long) (cur[1] - prev[1]) * (nxt[0] - cur[0]);
      long dot = (long) (cur[0] - prev[0]) * (nxt[0] - cur[0]) + (long) (cur[1] - prev[1]) * (nxt[1] - cur[1]);
      if (n <= 2 || cross != 0 || dot <= 0) {
        kept.add(cur);
      }
    }
    if (kept.isEmpty()) {
      kept.add(points.get(0));
    }
    int[] flat = new int[kept.size() * 2];
    for (int i = 0; i < kept.size(); i++) {
      flat[2 * i] = kept.get(i)[0];
      flat[2 * i + 1] = kept.get(i)[1];
    }
    return flat;
  }
}

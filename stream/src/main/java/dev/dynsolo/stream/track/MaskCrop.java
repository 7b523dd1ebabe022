package dev.dynsolo.stream.track;

import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.Instance;

/** An instance's mask cut to its box, for mask IoU against another mask moved by an offset. */
final class MaskCrop {
  final Box box;
  final boolean[] bits;
  final long area;

  MaskCrop(Instance instance) {
    this.box = instance.box();
    this.bits = instance.mask().toBitmap(box);
    long n = 0;
    for (boolean b : bits) {
      if (b) {
        n++;
      }
    }
    this.area = n;
  }

  /** IoU of this mask moved by (dx, dy) pixels with {@code other}; 0 when the moved boxes do not meet. */
  double iou(int dx, int dy, MaskCrop other) {
    int x0 = Math.max(box.x0() + dx, other.box.x0());
    int y0 = Math.max(box.y0() + dy, other.box.y0());
    int x1 = Math.min(box.x1() + dx, other.box.x1());
    int y1 = Math.min(box.y1() + dy, other.box.y1());
    if (x0 >= x1 || y0 >= y1 || area == 0 || other.area == 0) {
      return 0;
    }
    int w = box.width();
    int ow = other.box.width();
    long both = 0;
    for (int y = y0; y < y1; y++) {
      int row = (y - dy - box.y0()) * w - dx - box.x0();
      int otherRow = (y - other.box.y0()) * ow - other.box.x0();
      for (int x = x0; x < x1; x++) {
        if (bits[row + x] && other.bits[otherRow + x]) {
          both++;
        }
      }
    }
    return (double) both / (area + other.area - both);
  }
}

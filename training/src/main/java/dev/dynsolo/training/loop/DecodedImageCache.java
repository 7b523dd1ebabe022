package dev.dynsolo.training.loop;

import dev.dynsolo.model.api.RgbImage;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Keeps decoded training images in memory up to a byte budget, so later epochs skip the decode
 * (about half of a sample's preparation time for PNGs). Images past the budget are decoded every
 * time; nothing is evicted, so a dataset larger than the budget still works, just slower.
 * Thread-safe; cached images are shared and must not be modified (augmentation only reads them).
 */
final class DecodedImageCache {
  private final ConcurrentHashMap<Path, RgbImage> images = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final long budgetBytes;
  private final Function<Path, RgbImage> decoder;

  DecodedImageCache(long budgetBytes, Function<Path, RgbImage> decoder) {
    this.budgetBytes = budgetBytes;
    this.decoder = decoder;
  }

  /** A quarter of the JVM's maximum heap: room for the loader's samples and batches besides. */
  static long defaultBudget() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  RgbImage get(Path file) {
    RgbImage cached = images.get(file);
    if (cached != null) {
      return cached;
    }
    RgbImage image = decoder.apply(file);
    long size = image.pixels().length;
    if (bytes.addAndGet(size) <= budgetBytes) {
      RgbImage raced = images.putIfAbsent(file, image);
      if (raced != null) {
        bytes.addAndGet(-size);
        return raced;
      }
    } else {
      bytes.addAndGet(-size);
    }
    return image;
  }

  long cachedBytes() {
    return bytes.get();
  }

  int cachedImages() {
    return images.size();
  }
}

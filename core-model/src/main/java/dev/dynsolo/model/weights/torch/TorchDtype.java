package dev.dynsolo.model.weights.torch;

import java.util.Map;

/** The element types a PyTorch storage can hold, by the storage class name pickles refer to. */
public enum TorchDtype {
  FLOAT32("FloatStorage", 4, true),
  FLOAT16("HalfStorage", 2, true),
  BFLOAT16("BFloat16Storage", 2, true),
  FLOAT64("DoubleStorage", 8, true),
  INT64("LongStorage", 8, false),
  INT32("IntStorage", 4, false),
  INT16("ShortStorage", 2, false),
  INT8("CharStorage", 1, false),
  UINT8("ByteStorage", 1, false),
  BOOL("BoolStorage", 1, false);

  private static final Map<String, TorchDtype> BY_STORAGE = Map.ofEntries(
      java.util.Arrays.stream(values()).map(d -> Map.entry(d.storageClass, d)).toArray(Map.Entry[]::new));

  private final String storageClass;
  private final int elementSize;
  private final boolean floatingPoint;

  TorchDtype(String storageClass, int elementSize, boolean floatingPoint) {
    this.storageClass = storageClass;
    this.elementSize = elementSize;
    this.floatingPoint = floatingPoint;
  }

  /** The storage class name in module {@code torch}, e.g. {@code FloatStorage}. */
  public String storageClass() {
    return storageClass;
  }

  public int elementSize() {
    return elementSize;
  }

  public boolean floatingPoint() {
    return floatingPoint;
  }

  /** The dtype of a {@code torch.<name>} storage class, or null when it is not one. */
  static TorchDtype ofStorageClass(String name) {
    return BY_STORAGE.get(name);
  }
}

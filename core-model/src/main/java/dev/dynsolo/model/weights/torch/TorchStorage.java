package dev.dynsolo.model.weights.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One storage of a checkpoint: its key in the file, element type and length. Its bytes are
 * attached once the file has been read past them (the legacy format stores them after the
 * pickles); a legacy view shares its root's bytes from an element offset.
 */
public final class TorchStorage {
  private final String key;
  private final TorchDtype dtype;
  private final long numel;
  private final TorchStorage root;
  private final long viewOffset;
  private ByteBuffer data;

  TorchStorage(String key, TorchDtype dtype, long numel) {
    this(key, dtype, numel, null, 0);
  }

  private TorchStorage(String key, TorchDtype dtype, long numel, TorchStorage root, long viewOffset) {
    this.key = key;
    this.dtype = dtype;
    this.numel = numel;
    this.root = root;
    this.viewOffset = viewOffset;
  }

  /** An in-memory float32 storage (checkpoints assembled in code rather than read from a file). */
  public static TorchStorage ofFloats(String key, float[] values) {
    TorchStorage storage = new TorchStorage(key, TorchDtype.FLOAT32, values.length);
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    storage.attach(bytes.array(), ByteOrder.LITTLE_ENDIAN);
    return storage;
  }

  /** A view of {@code size} elements of this storage from element {@code offset}. */
  TorchStorage view(String viewKey, long offset, long size) {
    return new TorchStorage(viewKey, dtype, size, this, offset);
  }

  public String key() {
    return key;
  }

  public TorchDtype dtype() {
    return dtype;
  }

  public long numel() {
    return numel;
  }

  void attach(byte[] bytes, ByteOrder order) {
    this.data = ByteBuffer.wrap(bytes).order(order);
  }

  boolean attached() {
    return root != null ? root.attached() : data != null;
  }

  /** Element {@code index} (of this storage or view) widened to a double. */
  double get(long index) {
    if (root != null) {
      return root.get(viewOffset + index);
    }
    if (data == null) {
      throw new IllegalStateException("storage " + key + " has no data");
    }
    int at = Math.toIntExact(index * dtype.elementSize());
    return switch (dtype) {
      case FLOAT32 -> data.getFloat(at);
      case FLOAT16 -> HalfFloats.toFloat(data.getShort(at));
      case BFLOAT16 -> Float.intBitsToFloat((data.getShort(at) & 0xffff) << 16);
      case FLOAT64 -> data.getDouble(at);
      case INT64 -> data.getLong(at);
      case INT32 -> data.getInt(at);
      case INT16 -> data.getShort(at);
      case INT8 -> data.get(at);
      case UINT8 -> data.get(at) & 0xff;
      case BOOL -> data.get(at) != 0 ? 1 : 0;
    };
  }
}

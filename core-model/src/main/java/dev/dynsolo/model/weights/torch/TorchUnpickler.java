package dev.dynsolo.model.weights.torch;

import java.io.IOException;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Unpickles what {@code torch.save} writes, on Pyrolite: tensors are rebuilt as
 * {@link TorchTensor}s over {@link TorchStorage}s named by persistent ids (whose bytes the
 * caller attaches), and {@code OrderedDict}s keep their order. Anything else a checkpoint may
 * hold (meta dicts, config text, optimizer state) comes back as plain Java collections.
 */
final class TorchUnpickler extends Unpickler {
  static {
    for (TorchDtype dtype : TorchDtype.values()) {
      registerConstructor("torch", dtype.storageClass(), new StorageClass(dtype));
    }
    registerConstructor("collections", "OrderedDict", args -> new OrderedDict());
    registerConstructor("torch._utils", "_rebuild_tensor_v2", TorchUnpickler::rebuildTensor);
    registerConstructor("torch._utils", "_rebuild_tensor", TorchUnpickler::rebuildTensor);
    registerConstructor("torch._utils", "_rebuild_parameter", args -> args[0]);
  }

  private final Map<String, TorchStorage> storages;

  /** @param storages filled with every storage the pickle names, by key, in first-use order */
  TorchUnpickler(Map<String, TorchStorage> storages) {
    this.storages = storages;
  }

  /**
   * SETITEMS in pickle order (Pyrolite's own collects the items in a HashMap first); BUILD on an
   * OrderedDict drops its instance state (a state dict's {@code _metadata}: module versions).
   */
  @Override
  @SuppressWarnings("unchecked")
  protected Object dispatch(short key) throws PickleException, IOException {
    if (key == Opcodes.BUILD) {
      Object state = stack.pop();
      if (stack.peek() instanceof OrderedDict) {
        return NO_RETURN_VALUE;
      }
      stack.add(state);
      return super.dispatch(key);
    }
    if (key != Opcodes.SETITEMS) {
      return super.dispatch(key);
    }
    List<Object> items = stack.pop_all_since_marker();
    Map<Object, Object> dict = (Map<Object, Object>) stack.peek();
    for (int i = 0; i + 1 < items.size(); i += 2) {
      dict.put(items.get(i), items.get(i + 1));
    }
    return NO_RETURN_VALUE;
  }

  /** A {@code torch.<X>Storage} class reference as it appears inside persistent ids. */
  record StorageClass(TorchDtype dtype) implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      throw new PickleException("a bare " + dtype.storageClass() + " cannot be rebuilt outside a tensor");
    }
  }

  /** Python's OrderedDict. */
  static final class OrderedDict extends LinkedHashMap<Object, Object> {}

  /**
   * Zip format: ('storage', class, key, location, numel). Legacy format: the same plus
   * view metadata (view key, offset, size) or None.
   */
  @Override
  protected Object persistentLoad(Object pid) {
    if (!(pid instanceof Object[] id) || id.length < 5 || !"storage".equals(id[0])) {
      throw new PickleException("unsupported persistent id in checkpoint: " + describe(pid));
    }
    if (!(id[1] instanceof StorageClass type)) {
      throw new PickleException("unsupported storage type in checkpoint: " + describe(id[1]));
    }
    String key = String.valueOf(id[2]);
    long numel = ((Number) id[4]).longValue();
    TorchStorage root = storages.computeIfAbsent(key, k -> new TorchStorage(k, type.dtype(), numel));
    if (id.length > 5 && id[5] instanceof Object[] view) {
      return root.view(String.valueOf(view[0]), ((Number) view[1]).longValue(), ((Number) view[2]).longValue());
    }
    return root;
  }

  private static Object rebuildTensor(Object[] args) {
    if (args.length < 4 || !(args[0] instanceof TorchStorage storage)) {
      throw new PickleException("malformed tensor in checkpoint");
    }
    return new TorchTensor(storage, ((Number) args[1]).longValue(), longs(args[2]), longs(args[3]));
  }

  private static long[] longs(Object tuple) {
    Object[] items = (Object[]) tuple;
    long[] out = new long[items.length];
    for (int i = 0; i < items.length; i++) {
      out[i] = ((Number) items[i]).longValue();
    }
    return out;
  }

  private static String describe(Object o) {
    return o instanceof Object[] a ? java.util.Arrays.deepToString(a) : String.valueOf(o);
  }
}

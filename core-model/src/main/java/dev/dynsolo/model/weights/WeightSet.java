package dev.dynsolo.model.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named variable values, the currency between a training checkpoint, BatchNorm folding, weight
 * import and an exported bundle. Names are the flat checkpoint keys.
 */
public final class WeightSet {
  private final Map<String, WeightTensor> tensors = new LinkedHashMap<>();

  public void put(String name, WeightTensor tensor) {
    tensors.put(name, tensor);
  }

  /** The named tensor; fails with the name when it is absent. */
  public WeightTensor get(String name) {
    WeightTensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no weight named " + name);
    }
    return t;
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  public Set<String> names() {
    return Collections.unmodifiableSet(tensors.keySet());
  }

  public WeightTensor remove(String name) {
    return tensors.remove(name);
  }

  public int size() {
    return tensors.size();
  }
}

package dev.dynsolo.model.weights.torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PyTorch checkpoint as training frameworks write it: a state dict of named tensors, bare or
 * wrapped as {@code {'state_dict': ..., 'meta': ...}} (mmcv) or {@code {'model': ...}}, with a
 * {@code module.} prefix from data-parallel training removed.
 *
 * @param file where it was read from
 * @param tensors the state dict's tensors, in file order
 * @param meta the {@code meta} dict, empty when there is none
 */
public record TorchCheckpoint(Path file, Map<String, TorchTensor> tensors, Map<?, ?> meta) {

  public TorchCheckpoint {
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    meta = meta == null ? Map.of() : Collections.unmodifiableMap(meta);
  }

  /** Reads {@code file} (zip or legacy format); fails naming the file when it holds no state dict. */
  public static TorchCheckpoint read(Path file) {
    Object root = TorchFiles.read(file);
    if (!(root instanceof Map<?, ?> top)) {
      throw new CheckpointFormatException("checkpoint " + file + " holds a " + typeName(root)
          + ", not a state dict or a {'state_dict': ...} dict");
    }
    Map<?, ?> stateDict = top;
    for (String wrapper : List.of("state_dict", "model", "model_state_dict")) {
      if (top.get(wrapper) instanceof Map<?, ?> inner) {
        stateDict = inner;
        break;
      }
    }
    Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    boolean allPrefixed = !stateDict.isEmpty();
    for (Object key : stateDict.keySet()) {
      allPrefixed &= String.valueOf(key).startsWith("module.");
    }
    for (Map.Entry<?, ?> e : stateDict.entrySet()) {
      if (e.getValue() instanceof TorchTensor t) {
        String name = String.valueOf(e.getKey());
        tensors.put(allPrefixed ? name.substring("module.".length()) : name, t);
      }
    }
    if (tensors.isEmpty()) {
      throw new CheckpointFormatException("checkpoint " + file + " holds no tensors (keys: "
          + firstKeys(top) + ")");
    }
    Map<?, ?> meta = top.get("meta") instanceof Map<?, ?> m ? m : Map.of();
    return new TorchCheckpoint(file, tensors, meta);
  }

  /** {@code meta['CLASSES']} as a list of names, or an empty list. */
  public List<String> metaClasses() {
    Object classes = meta.get("CLASSES");
    List<String> out = new ArrayList<>();
    if (classes instanceof Object[] tuple) {
      for (Object c : tuple) {
        out.add(String.valueOf(c));
      }
    } else if (classes instanceof List<?> list) {
      list.forEach(c -> out.add(String.valueOf(c)));
    }
    return out;
  }

  private static String typeName(Object o) {
    return o == null ? "None" : o instanceof TorchTensor ? "single tensor" : o.getClass().getSimpleName();
  }

  private static String firstKeys(Map<?, ?> map) {
    List<String> keys = new ArrayList<>();
    for (Object k : map.keySet()) {
      if (keys.size() == 8) {
        keys.add("...");
        break;
      }
      keys.add(String.valueOf(k));
    }
    return String.join(", ", keys);
  }
}

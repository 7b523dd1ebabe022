package dev.dynsolo.model.checkpoint;

import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.net.BuildMode;
import dev.dynsolo.model.net.Layers;
import dev.dynsolo.model.net.ModelVariable;
import dev.dynsolo.model.net.SoloNetwork;
import dev.dynsolo.model.net.VariableStore;
import dev.dynsolo.model.weights.WeightImport;
import dev.dynsolo.model.weights.WeightSet;
import dev.dynsolo.model.weights.WeightTensor;
import dev.dynsolo.model.weights.torch.CheckpointFormatException;
import dev.dynsolo.model.weights.torch.TorchCheckpoint;
import dev.dynsolo.model.weights.torch.TorchTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Imports an authors' SOLOv2 checkpoint (WXinlong/SOLO or mmdetection 2.x/3.x, zip or legacy
 * format, float32 or float16): works out the model from the tensor shapes, then fills every
 * variable of that model from the file. Every tensor must be used and every variable filled with
 * a tensor of the right shape, or the import fails with one message listing what is missing,
 * unexpected or mis-shaped. Deformable convolutions (the authors' DCN and DCNv2 models) are
 * imported like any other layer: their offset convolutions are variables of the model.
 */
public final class SoloCheckpointImport {
  private static final int LISTED = 12;

  private SoloCheckpointImport() {}

  /**
   * @param classesFile one class name per line, overriding {@code meta['CLASSES']}; may be null
   */
  public static ImportedModel read(Path checkpoint, Path classesFile) {
    return read(TorchCheckpoint.read(checkpoint), classesFile);
  }

  /** Imports a checkpoint already read (or assembled in memory). */
  public static ImportedModel read(TorchCheckpoint file, Path classesFile) {
    String where = "checkpoint " + file.file();
    KeyLayout layout = KeyLayout.of(file.tensors().keySet());

    Map<String, TorchTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, TorchTensor> e : file.tensors().entrySet()) {
      if (!e.getKey().endsWith(".num_batches_tracked")) {
        tensors.put(layout.canonical(e.getKey()), e.getValue());
      }
    }
    Map<String, long[]> shapes = new LinkedHashMap<>();
    tensors.forEach((k, t) -> shapes.put(k, t.shape()));
    Object configText = file.meta().get("config");
    ModelConfig config = CheckpointArchitecture.infer(shapes,
        new AuthorsConfigText(configText instanceof String s ? s : null), where);

    List<String> classNames = classNames(file, classesFile, config.numClasses(), where);
    List<Integer> categoryIds = CocoCategories.idsFor(classNames).orElse(null);
    if (categoryIds != null) {
      classNames = CocoCategories.NAMES;
    }
    WeightSet weights = fill(config, tensors, layout, where);
    return new ImportedModel(config, weights, classNames, categoryIds, layout);
  }

  private static List<String> classNames(TorchCheckpoint file, Path classesFile, int numClasses, String where) {
    List<String> names;
    String source;
    if (classesFile != null) {
      try {
        names = Files.readAllLines(classesFile).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
      } catch (IOException e) {
        throw new CheckpointFormatException("cannot read classes file " + classesFile + ": " + e.getMessage(), e);
      }
      source = "classes file " + classesFile;
    } else {
      names = file.metaClasses();
      source = where + " meta['CLASSES']";
      if (names.isEmpty()) {
        throw new CheckpointFormatException(where + " names no classes (no meta['CLASSES']): pass --classes FILE"
            + " with its " + numClasses + " class names, one per line");
      }
    }
    if (names.size() != numClasses) {
      throw new CheckpointFormatException(source + " lists " + names.size() + " class names but the model has "
          + numClasses + " classes");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new CheckpointFormatException(source + " lists class '" + name + "' twice");
      }
    }
    return names;
  }

  private static WeightSet fill(ModelConfig config, Map<String, TorchTensor> tensors, KeyLayout layout, String where) {
    List<String> missing = new ArrayList<>();
    List<String> misShaped = new ArrayList<>();
    Set<String> unused = new LinkedHashSet<>(tensors.keySet());
    WeightSet weights = new WeightSet();
    for (Map.Entry<String, Shape> variable : variableShapes(config).entrySet()) {
      String name = variable.getKey();
      TorchTensor tensor = tensors.get(name);
      if (tensor == null) {
        missing.add(layout.original(name));
        continue;
      }
      unused.remove(name);
      long[] expected = variable.getValue().asArray();
      long[] actual = tensor.shape();
      long[] asTf = actual.length == 4 ? new long[] {actual[2], actual[3], actual[1], actual[0]} : actual;
      if (!Arrays.equals(asTf, expected)) {
        long[] asTorch = expected.length == 4 ? new long[] {expected[3], expected[2], expected[0], expected[1]}
            : expected;
        misShaped.add(layout.original(name) + " " + Arrays.toString(actual) + " (needs " + Arrays.toString(asTorch)
            + ")");
        continue;
      }
      WeightTensor value = tensor.toWeightTensor();
      weights.put(name, actual.length == 4 ? WeightImport.oihwToHwio(value) : value);
    }
    if (!missing.isEmpty() || !misShaped.isEmpty() || !unused.isEmpty()) {
      List<String> parts = new ArrayList<>();
      if (!missing.isEmpty()) {
        parts.add(missing.size() + " missing: " + list(missing));
      }
      if (!unused.isEmpty()) {
        parts.add(unused.size() + " unexpected: " + list(unused.stream().map(layout::original).toList()));
      }
      if (!misShaped.isEmpty()) {
        parts.add(misShaped.size() + " of the wrong shape: " + list(misShaped));
      }
      throw new CheckpointFormatException(where + " does not fit the " + config.preset() + " model its shapes describe"
          + " (" + config.numClasses() + " classes, head " + config.head().convs() + " x " + config.head().channels()
          + ", E " + config.head().kernelDim() + "): " + String.join("; ", parts));
    }
    return weights;
  }

  /** Names and shapes of the training-form variables of {@code config}, without running anything. */
  static Map<String, Shape> variableShapes(ModelConfig config) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
      VariableStore store = new VariableStore(tf, 0);
      SoloNetwork.build(new Layers(tf, store, BuildMode.TRAINING), config, images);
      Map<String, Shape> out = new LinkedHashMap<>();
      for (ModelVariable v : store.all()) {
        out.put(v.name(), v.shape());
      }
      return out;
    }
  }

  private static String list(java.util.Collection<String> items) {
    List<String> shown = items.stream().limit(LISTED).toList();
    String more = items.size() > LISTED ? ", ... (" + (items.size() - LISTED) + " more)" : "";
    return String.join(", ", shown) + more;
  }
}

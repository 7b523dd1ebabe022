package dev.dynsolo.model.bundle;

import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.graph.InferenceGraph;
import dev.dynsolo.model.io.FileTrees;
import dev.dynsolo.model.weights.BatchNormFolding;
import dev.dynsolo.model.weights.SessionWeights;
import dev.dynsolo.model.weights.WeightSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;

/**
 * Writes a serving bundle: builds the inference graph, loads training-form weights into it with
 * BatchNorm folded, and exports SavedModel + {@code model.json}. The bundle is written beside the
 * target and moved into place at the end, so a crash never leaves a half bundle under its name.
 */
public final class BundleWriter {
  private BundleWriter() {}

  /**
   * @param trainingWeights weights in training form (as a checkpoint holds them)
   */
  public static void write(Path dir, ModelConfig config, WeightSet trainingWeights, List<String> classNames,
      String description) {
    write(dir, config, trainingWeights, classNames, description, null);
  }

  /** As {@link #write(Path, ModelConfig, WeightSet, List, String)}, with dataset category ids (or null). */
  public static void write(Path dir, ModelConfig config, WeightSet trainingWeights, List<String> classNames,
      String description, List<Integer> categoryIds) {
    ModelCard card = ModelCard.of(config, classNames, description, categoryIds);
    Path parent = dir.toAbsolutePath().getParent();
    Path staging = parent.resolve("." + dir.getFileName() + ".partial");
    try {
      Files.createDirectories(parent);
      FileTrees.deleteRecursively(staging);
      try (Graph graph = new Graph()) {
        InferenceGraph inference = InferenceGraph.buildServing(graph, config);
        WeightSet folded = BatchNormFolding.fold(trainingWeights, inference.foldedPairs());
        try (Session session = new Session(graph)) {
          SessionWeights.assign(graph, session, inference.variables(), folded);
          SavedModelBundle.exporter(staging.toString())
              .withSession(session)
              .withSignature(inference.signature())
              .withSignature(inference.bf16Signature())
              .export();
        }
      }
      Json.MAPPER.writeValue(BundleLayout.card(staging).toFile(), card);
      Path old = parent.resolve("." + dir.getFileName() + ".old");
      FileTrees.deleteRecursively(old);
      if (Files.exists(dir)) {
        Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
      FileTrees.deleteRecursively(old);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model bundle " + dir + ": " + e.getMessage(), e);
    }
  }
}

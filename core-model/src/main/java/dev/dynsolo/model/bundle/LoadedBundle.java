package dev.dynsolo.model.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.dynsolo.model.io.Messages;
import dev.dynsolo.model.runtime.RuntimeOptions;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.proto.SignatureDef;

/**
 * A bundle opened for serving: the SavedModel (which owns the native graph and session), its card
 * and its checked signature. Close it to free native memory.
 */
public final class LoadedBundle implements AutoCloseable {
  private final SavedModelBundle savedModel;
  private final ModelCard card;
  private final ServingSignature signature;

  private LoadedBundle(SavedModelBundle savedModel, ModelCard card, ServingSignature signature) {
    this.savedModel = savedModel;
    this.card = card;
    this.signature = signature;
  }

  /** Opens {@code dir}; any missing, partial or incompatible part fails with a clear message. */
  public static LoadedBundle open(Path dir, RuntimeOptions options) {
    ModelCard card = readCard(dir);
    if (!Files.isRegularFile(BundleLayout.savedModel(dir))) {
      throw new BundleException("model bundle " + dir + " has no " + BundleLayout.SAVED_MODEL);
    }
    if (!Files.isDirectory(BundleLayout.variables(dir))) {
      throw new BundleException("model bundle " + dir + " has no " + BundleLayout.VARIABLES + "/ directory");
    }
    SavedModelBundle savedModel;
    try {
      savedModel = SavedModelBundle.loader(dir.toString())
          .withTags(SavedModelBundle.DEFAULT_TAG)
          .withConfigProto(options.toConfigProto())
          .load();
    } catch (RuntimeException e) {
      throw new BundleException("cannot load SavedModel in " + dir + ": " + Messages.firstLine(e.getMessage()), e);
    }
    try {
      SignatureDef def = savedModel.metaGraphDef().getSignatureDefMap().get(Signature.DEFAULT_KEY);
      if (def == null) {
        throw new BundleException("model bundle " + dir + " has no '" + Signature.DEFAULT_KEY + "' signature");
      }
      ServingSignature signature = ServingSignature.from(def,
          dev.dynsolo.model.graph.InferenceGraph.imageShape(card.input()), "model bundle " + dir);
      return new LoadedBundle(savedModel, card, signature);
    } catch (RuntimeException e) {
      savedModel.close();
      throw e;
    }
  }

  /** Reads and checks {@code model.json}. */
  public static ModelCard readCard(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new BundleException("model bundle " + dir + " does not exist or is not a directory");
    }
    Path file = BundleLayout.card(dir);
    if (!Files.isRegularFile(file)) {
      throw new BundleException("model bundle " + dir + " has no " + BundleLayout.CARD);
    }
    ModelCard card;
    try {
      card = Json.MAPPER.readValue(file.toFile(), ModelCard.class);
    } catch (Exception e) {
      throw new BundleException(file + " is not a valid model card: " + Messages.firstLine(rootMessage(e)), e);
    }
    if (card.formatVersion() != ModelCard.FORMAT_VERSION) {
      throw new BundleException(file + " has format version " + card.formatVersion() + "; this build reads version "
          + ModelCard.FORMAT_VERSION);
    }
    if (card.classNames() == null || card.classNames().isEmpty()) {
      throw new BundleException(file + " lists no class names");
    }
    if (card.input() == null || card.postProcess() == null) {
      throw new BundleException(file + " must give 'input' and 'postProcess'");
    }
    return card;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  public SavedModelBundle savedModel() {
    return savedModel;
  }

  public ModelCard card() {
    return card;
  }

  public ServingSignature signature() {
    return signature;
  }

  @Override
  public void close() {
    savedModel.close();
  }
}

package dev.dynsolo.model.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.dynsolo.model.io.Messages;
import dev.dynsolo.model.graph.InferenceGraph;
import dev.dynsolo.model.runtime.Precision;
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
  private final String precision;

  private LoadedBundle(SavedModelBundle savedModel, ModelCard card, ServingSignature signature, String precision) {
    this.savedModel = savedModel;
    this.card = card;
    this.signature = signature;
    this.precision = precision;
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
    // A bf16 request is served by the bundle's own bf16 signature where it has one (the mask
    // feature's last convolution and post-processing in float32); older bundles fall back to
    // TensorFlow's mixed-precision rewrite of the whole graph.
    boolean bf16 = options.precision().effective() == Precision.BF16;
    boolean ownBf16 = bf16 && hasSignature(dir, InferenceGraph.BF16_SIGNATURE);
    RuntimeOptions sessionOptions = ownBf16 ? options.withPrecision(Precision.FP32) : options;
    SavedModelBundle savedModel;
    try {
      savedModel = SavedModelBundle.loader(dir.toString())
          .withTags(SavedModelBundle.DEFAULT_TAG)
          .withConfigProto(sessionOptions.toConfigProto())
          .load();
    } catch (RuntimeException e) {
      throw new BundleException("cannot load SavedModel in " + dir + ": " + Messages.firstLine(e.getMessage()), e);
    }
    try {
      String key = ownBf16 ? InferenceGraph.BF16_SIGNATURE : Signature.DEFAULT_KEY;
      SignatureDef def = savedModel.metaGraphDef().getSignatureDefMap().get(key);
      if (def == null) {
        throw new BundleException("model bundle " + dir + " has no '" + key + "' signature");
      }
      ServingSignature signature = ServingSignature.from(def,
          InferenceGraph.imageShape(card.input()), "model bundle " + dir);
      String precision = !bf16 ? "fp32" : ownBf16 ? "bf16" : "bf16-rewrite";
      return new LoadedBundle(savedModel, card, signature, precision);
    } catch (RuntimeException e) {
      savedModel.close();
      throw e;
    }
  }

  /** Whether the bundle's SavedModel has a signature with this key (read from the file, not loaded). */
  static boolean hasSignature(Path dir, String key) {
    try (java.io.InputStream in = Files.newInputStream(BundleLayout.savedModel(dir))) {
      org.tensorflow.proto.SavedModel model = org.tensorflow.proto.SavedModel.parseFrom(in);
      return model.getMetaGraphsList().stream().anyMatch(m -> m.getSignatureDefMap().containsKey(key));
    } catch (java.io.IOException e) {
      throw new BundleException("cannot read " + BundleLayout.savedModel(dir) + ": " + e.getMessage(), e);
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

  /** What inference computes in: {@code fp32}, {@code bf16} (own signature) or {@code bf16-rewrite}. */
  public String precision() {
    return precision;
  }

  @Override
  public void close() {
    savedModel.close();
  }
}

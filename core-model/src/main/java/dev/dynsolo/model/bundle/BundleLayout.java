package dev.dynsolo.model.bundle;

import java.nio.file.Path;

/** Where the parts of a bundle live inside its directory. */
public final class BundleLayout {
  public static final String CARD = "model.json";
  public static final String SAVED_MODEL = "saved_model.pb";
  public static final String VARIABLES = "variables";

  private BundleLayout() {}

  public static Path card(Path dir) {
    return dir.resolve(CARD);
  }

  public static Path savedModel(Path dir) {
    return dir.resolve(SAVED_MODEL);
  }

  public static Path variables(Path dir) {
    return dir.resolve(VARIABLES);
  }
}

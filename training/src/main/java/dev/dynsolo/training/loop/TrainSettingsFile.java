package dev.dynsolo.training.loop;

import dev.dynsolo.model.io.YamlSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a training YAML file over the built-in defaults. An unknown key, a wrong type or a bad
 * value fails with one line naming the file, the key and the value.
 */
public final class TrainSettingsFile {
  private static final YamlSettings SETTINGS =
      new YamlSettings("/dynsolo/train-defaults.yaml", "config/train-reference.yaml");

  private TrainSettingsFile() {}

  /** Defaults, then the file (if any), then {@code overrides} (key -> value, as YAML scalars). */
  public static TrainSettings read(Path file, Map<String, Object> overrides) {
    return SETTINGS.read(file, TrainSettings.class, overrides, System::getenv);
  }
}

package dev.dynsolo.training.loop;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dynsolo.model.io.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a training YAML file over the built-in defaults. An unknown key, a wrong type or a bad
 * value fails with one line naming the file, the key and the value.
 */
public final class TrainSettingsFile {
  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .build();

  private TrainSettingsFile() {}

  /** Defaults, then the file (if any), then {@code overrides} (key -> value, as YAML scalars). */
  public static TrainSettings read(Path file, Map<String, Object> overrides) {
    ObjectNode merged = defaults();
    String where = file == null ? "training settings" : file.toString();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("training config " + file + " not found");
      }
      JsonNode user;
      try {
        user = YAML.readTree(file.toFile());
      } catch (IOException e) {
        throw new IllegalArgumentException(where + ": not valid YAML: " + Messages.firstLine(e.getMessage()), e);
      }
      if (user != null && !user.isNull()) {
        if (!user.isObject()) {
          throw new IllegalArgumentException(where + ": expected a mapping of settings");
        }
        merge(merged, (ObjectNode) user);
      }
    }
    overrides.forEach((k, v) -> merged.set(k, YAML.valueToTree(v)));
    try {
      return YAML.treeToValue(merged, TrainSettings.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(where + ": unknown key '" + e.getPropertyName() + "'"
          + " (known keys: see config/train-reference.yaml)", e);
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IllegalArgumentException(where + ": " + Messages.firstLine(cause.getMessage()), e);
    }
  }

  private static ObjectNode defaults() {
    try (InputStream in = TrainSettingsFile.class.getResourceAsStream("/dynsolo/train-defaults.yaml")) {
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("built-in training defaults missing", e);
    }
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode existing = into.get(f.getKey());
      if (existing instanceof ObjectNode target && f.getValue() instanceof ObjectNode source) {
        merge(target, source);
      } else {
        into.set(f.getKey(), f.getValue());
      }
    }
  }
}

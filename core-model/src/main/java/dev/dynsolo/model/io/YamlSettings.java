package dev.dynsolo.model.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.ArrayList;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a YAML settings file over built-in defaults into a record. {@code ${NAME}} and
 * {@code ${NAME:-default}} are replaced from the environment (for secrets). An unknown key, a wrong
 * type or a bad value fails with one line naming the file, the key's path and the problem.
 */
public final class YamlSettings {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .build();

  private final String defaultsResource;
  private final String reference;

  /**
   * @param defaultsResource class-path YAML with every key's default
   * @param reference the documented reference file named in errors about unknown keys
   */
  public YamlSettings(String defaultsResource, String reference) {
    this.defaultsResource = defaultsResource;
    this.reference = reference;
  }

  /**
   * Defaults, then the file (if not null), then {@code overrides} (key to value; nested maps merge).
   *
   * @param environment where {@code ${NAME}} values come from
   */
  public <T> T read(Path file, Class<T> type, Map<String, Object> overrides, UnaryOperator<String> environment) {
    String where = file == null ? "settings" : file.toString();
    ObjectNode merged = defaults();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("config file " + file + " not found");
      }
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
      }
      mergeText(merged, text, where, environment);
    }
    merge(merged, YAML.valueToTree(overrides)); // nested maps merge key by key
    return bind(merged, type, where);
  }

  /** Like {@link #read} for YAML text instead of a file (tests, request bodies). */
  public <T> T readText(String text, Class<T> type, String where, UnaryOperator<String> environment) {
    ObjectNode merged = defaults();
    mergeText(merged, text, where, environment);
    return bind(merged, type, where);
  }

  /**
   * Parses the text, then replaces {@code ${NAME}} inside its scalar values: a value from the
   * environment is never YAML itself, so a password with {@code #}, {@code ": "} or quotes stays
   * the password.
   */
  private static void mergeText(ObjectNode merged, String text, String where, UnaryOperator<String> environment) {
    JsonNode user;
    try {
      user = YAML.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": not valid YAML: " + Messages.firstLine(e.getMessage()), e);
    }
    if (user != null && !user.isNull() && !user.isMissingNode()) {
      if (!user.isObject()) {
        throw new IllegalArgumentException(where + ": expected a mapping of settings");
      }
      merge(merged, (ObjectNode) substituteValues(user, "", where, environment));
    }
  }

  private static JsonNode substituteValues(JsonNode node, String path, String where,
      UnaryOperator<String> environment) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        object.set(name, substituteValues(object.get(name), path.isEmpty() ? name : path + "." + name, where,
            environment));
      }
      return object;
    }
    if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, substituteValues(array.get(i), path + "[" + i + "]", where, environment));
      }
      return array;
    }
    if (node.isTextual() && node.asText().contains("${")) {
      return TextNode.valueOf(substitute(node.asText(), path, where, environment));
    }
    return node;
  }

  private <T> T bind(ObjectNode merged, Class<T> type, String where) {
    try {
      return YAML.treeToValue(merged, type);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(where + ": unknown key '" + path(e) + "' (every key is listed in "
          + reference + ")", e);
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
      String key = path(e);
      if (cause == null && e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Cannot map `null`")) {
        throw new IllegalArgumentException(where + ": '" + key + "' needs a value", e);
      }
      String problem = cause != null ? cause.getMessage() : Messages.firstLine(e.getOriginalMessage());
      throw new IllegalArgumentException(where + ": " + (cause == null && !key.isEmpty() ? "bad value for '" + key
          + "': " : "") + Messages.firstLine(problem), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": " + Messages.firstLine(e.getMessage()), e);
    }
  }

  /** The dotted path of the key a mapping error is about ({@code server.port}, {@code streams[1].source}). */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /**
   * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in one value; an unset variable without
   * a default fails naming it and the key.
   */
  static String substitute(String value, String key, String where, UnaryOperator<String> environment) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder replaced = new StringBuilder();
    while (m.find()) {
      String found = environment.apply(m.group(1));
      if (found == null) {
        if (m.group(2) == null) {
          throw new IllegalArgumentException(where + ": environment variable " + m.group(1) + " is not set (key "
              + key + "; write ${" + m.group(1) + ":-default} for a default)");
        }
        found = m.group(3);
      }
      m.appendReplacement(replaced, Matcher.quoteReplacement(found));
    }
    m.appendTail(replaced);
    return replaced.toString();
  }


  private ObjectNode defaults() {
    try (InputStream in = YamlSettings.class.getResourceAsStream(defaultsResource)) {
      if (in == null) {
        throw new IllegalStateException("built-in defaults " + defaultsResource + " missing from the class path");
      }
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("built-in defaults " + defaultsResource + " unreadable", e);
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

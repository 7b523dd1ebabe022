package dev.dynsolo.training.loop;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The leaf values in which two JSON trees differ, as {@code path: was X, now Y} lines. */
final class JsonDiff {
  private JsonDiff() {}

  static void differences(String path, JsonNode was, JsonNode now, List<String> out) {
    if (was != null && now != null && was.isObject() && now.isObject()) {
      Set<String> keys = new LinkedHashSet<>();
      was.fieldNames().forEachRemaining(keys::add);
      for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      for (String key : keys) {
        differences(path + "." + key, was.get(key), now.get(key), out);
      }
      return;
    }
    if (was == null ? now != null && !now.isNull() : !was.equals(now)) {
      out.add(path + ": checkpoint " + text(was) + ", now " + text(now));
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? "none" : node.toString();
  }
}

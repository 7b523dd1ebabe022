package dev.dynsolo.model.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings an importer needs from the config text the authors' tools store in
 * {@code meta['config']}: test thresholds, the test scale, grids, strides and scale ranges, the
 * GroupNorm group count. Only what is found is returned; the caller falls back to the paper's
 * values for the rest. Python comments are stripped before matching.
 */
public final class AuthorsConfigText {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE]-?\\d+)?");

  private final String text;

  public AuthorsConfigText(String text) {
    this.text = text == null ? "" : stripComments(text);
  }

  public boolean isEmpty() {
    return text.isBlank();
  }

  /** A number in the {@code test_cfg} dict, e.g. {@code score_thr}. */
  public Optional<Double> testSetting(String name) {
    return block("test_cfg").flatMap(b -> number(b, name));
  }

  /** A quoted word in the {@code test_cfg} dict, e.g. {@code kernel='gaussian'}. */
  public Optional<String> testWord(String name) {
    return block("test_cfg").flatMap(b -> {
      Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*['\"](\\w+)['\"]").matcher(b);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    });
  }

  /** The test scale (long, short) of the test pipeline: {@code img_scale=(768, 448)} or {@code scale=(...)}. */
  public Optional<int[]> testScale() {
    Matcher definition = Pattern.compile("\\btest_pipeline\\s*=\\s*\\[").matcher(text);
    int at = -1;
    while (definition.find()) {
      at = definition.end(); // the last definition is the one Python keeps
    }
    if (at < 0) {
      return Optional.empty();
    }
    Matcher m = Pattern.compile("\\b(?:img_)?scale\\s*=\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)").matcher(text);
    if (!m.find(at)) {
      return Optional.empty();
    }
    int a = Integer.parseInt(m.group(1));
    int b = Integer.parseInt(m.group(2));
    return Optional.of(new int[] {Math.max(a, b), Math.min(a, b)});
  }

  /** A five-value list such as {@code num_grids=[40, 36, 24, 16, 12]} or {@code strides=[8, 8, 16, 32, 32]}. */
  public Optional<List<Integer>> levelList(String name) {
    Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*[\\[(]([^\\])]*)[\\])]").matcher(text);
    while (m.find()) {
      List<Integer> values = integers(m.group(1));
      if (values.size() == 5) {
        return Optional.of(values);
      }
    }
    return Optional.empty();
  }

  /** {@code scale_ranges=((1, 56), (28, 112), ...)} as five (min, max) pairs. */
  public Optional<List<int[]>> scaleRanges() {
    Matcher m = Pattern.compile("\\bscale_ranges\\s*=\\s*[\\[(]((?:\\s*[\\[(][^\\])]*[\\])]\\s*,?)+)\\s*[\\])]")
        .matcher(text);
    if (!m.find()) {
      return Optional.empty();
    }
    List<Integer> values = integers(m.group(1));
    if (values.size() != 10) {
      return Optional.empty();
    }
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < 10; i += 2) {
      out.add(new int[] {values.get(i), values.get(i + 1)});
    }
    return Optional.of(out);
  }

  /** {@code num_groups=N} of the GroupNorm settings. */
  public Optional<Integer> groupNormGroups() {
    return number(text, "num_groups").map(Double::intValue);
  }

  /** The balanced-parenthesis body of {@code name=dict(...)} or {@code name = dict(...)}, the last one. */
  private Optional<String> block(String name) {
    Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*dict\\(").matcher(text);
    int start = -1;
    while (m.find()) {
      start = m.end();
    }
    if (start < 0) {
      return Optional.empty();
    }
    int depth = 1;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return Optional.of(text.substring(start, i));
      }
    }
    return Optional.empty();
  }

  private static Optional<Double> number(String body, String name) {
    Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*(" + NUMBER.pattern() + ")").matcher(body);
    return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
  }

  private static List<Integer> integers(String s) {
    List<Integer> out = new ArrayList<>();
    Matcher m = Pattern.compile("-?\\d+").matcher(s);
    while (m.find()) {
      out.add(Integer.parseInt(m.group()));
    }
    return out;
  }

  private static String stripComments(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      int hash = commentStart(line);
      out.append(hash < 0 ? line : line.substring(0, hash)).append('\n');
    }
    return out.toString();
  }

  /** Index of a # that is outside quotes, or -1. */
  private static int commentStart(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#') {
        return i;
      }
    }
    return -1;
  }
}

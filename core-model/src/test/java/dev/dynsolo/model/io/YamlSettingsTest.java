package dev.dynsolo.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlSettingsTest {
  record Server(String host, int port, String token) {
    Server {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("server.port must be 1..65535, got " + port);
      }
    }
  }

  record Item(String name, int size) {}

  record Settings(Server server, List<Item> items) {}

  private final YamlSettings yaml = new YamlSettings("/yamlsettings/defaults.yaml", "reference.yaml");
  @TempDir Path dir;

  @Test
  void fileOverridesDefaultsAndEnvironmentFillsSecrets() throws Exception {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, "# a comment may mention ${UNSET}\nserver:\n  port: 9000 # not ${THIS}\n  token: ${TOKEN}\n  host: ${HOST:-0.0.0.0}\nitems:\n  - name: a\n    size: 2\n");
    Settings s = yaml.read(file, Settings.class, Map.of(), Map.of("TOKEN", "s3cret")::get);
    assertEquals(new Server("0.0.0.0", 9000, "s3cret"), s.server());
    assertEquals(List.of(new Item("a", 2)), s.items());
  }

  /** Substitution happens after parsing: a password is never read as YAML. */
  @Test
  void passwordsWithYamlCharactersStayWhole() throws Exception {
    for (String password : new String[] {"a#b c", "x: y", "q'u\"ote", "{not: a map}", "- item", "${NOT_A_VAR}"}) {
      Settings s = yaml.readText("server:\n  token: ${TOKEN}\n  host: rtsp-${TOKEN}\n", Settings.class, "app.yaml",
          Map.of("TOKEN", password)::get);
      assertEquals(password, s.server().token(), password);
      assertEquals("rtsp-" + password, s.server().host(), password);
    }
  }

  @Test
  void problemsNameTheKeyOnOneLine() throws Exception {
    var unknown = assertThrows(IllegalArgumentException.class,
        () -> yaml.readText("server:\n  prot: 1\n", Settings.class, "app.yaml", k -> null));
    assertTrue(unknown.getMessage().contains("app.yaml: unknown key 'server.prot'"), unknown.getMessage());

    var item = assertThrows(IllegalArgumentException.class,
        () -> yaml.readText("items:\n  - name: a\n    size: 1\n  - nme: b\n    size: 2\n", Settings.class, "app.yaml", k -> null));
    assertTrue(item.getMessage().contains("'items[1].nme'"), item.getMessage());
    var absent = assertThrows(IllegalArgumentException.class,
        () -> yaml.readText("items:\n  - name: a\n", Settings.class, "app.yaml", k -> null));
    assertTrue(absent.getMessage().contains("'items[0].size' needs a value"), absent.getMessage());

    var type = assertThrows(IllegalArgumentException.class,
        () -> yaml.readText("server:\n  port: eighty\n", Settings.class, "app.yaml", k -> null));
    assertTrue(type.getMessage().contains("bad value for 'server.port'"), type.getMessage());
    assertEquals(-1, type.getMessage().indexOf('\n'));

    var range = assertThrows(IllegalArgumentException.class,
        () -> yaml.readText("server:\n  port: 0\n", Settings.class, "app.yaml", k -> null));
    assertTrue(range.getMessage().contains("server.port must be 1..65535, got 0"), range.getMessage());

    var env = assertThrows(IllegalArgumentException.class,
        () -> yaml.readText("\nserver:\n  token: ${SOLO_TOKEN}\n", Settings.class, "app.yaml", k -> null));
    assertTrue(env.getMessage().contains("environment variable SOLO_TOKEN is not set (key server.token"),
        env.getMessage());

    var missing = assertThrows(IllegalArgumentException.class,
        () -> yaml.read(dir.resolve("nope.yaml"), Settings.class, Map.of(), k -> null));
    assertTrue(missing.getMessage().contains("nope.yaml not found"), missing.getMessage());
  }
}

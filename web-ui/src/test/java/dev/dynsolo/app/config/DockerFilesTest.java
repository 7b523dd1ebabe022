package dev.dynsolo.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs here, so the images are checked for what can go stale without one: the
 * config they serve is valid, and what they copy and run exists in the build.
 */
class DockerFilesTest {
  private static final Path ROOT = Path.of("..");
  private static final Path DOCKER = ROOT.resolve("docker");

  @Test
  void theContainerConfigIsValidAndServesTheDemoOnAllInterfacesWithAToken() {
    AppConfig config = AppConfig.load(DOCKER.resolve("config/solo.yaml"),
        Map.of("SOLO_TOKEN", "0123456789abcdef0123")::get);
    assertEquals("0.0.0.0", config.server().host());
    assertEquals("0123456789abcdef0123", config.server().token());
    assertEquals("/recordings", config.recording().directory());
    assertEquals("/app/models/demo", config.model().bundle());
    assertEquals("demo", config.streams().get(0).spec().location());
  }

  @Test
  void bothImagesCopyWhatExistsAndServeTheMountedConfig() throws Exception {
    for (String name : new String[] {"Dockerfile.cpu", "Dockerfile.gpu"}) {
      String dockerfile = Files.readString(DOCKER.resolve(name));
      Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
      while (copy.find()) {
        assertTrue(Files.exists(ROOT.resolve(copy.group(1))), name + " copies a missing " + copy.group(1));
      }
      assertTrue(dockerfile.contains("COPY models /app/models"), name + " ships the demo bundle");
      assertTrue(dockerfile.contains("CMD [\"serve\", \"--config\", \"/config/solo.yaml\"]"), name);
      assertTrue(dockerfile.contains("dev.dynsolo.app.Main"), name);
    }
    assertTrue(Files.isDirectory(ROOT.resolve("models/demo")), "the demo bundle the images copy");
    String compose = Files.readString(DOCKER.resolve("compose.yaml"));
    assertTrue(compose.contains("./config:/config"), "compose mounts docker/config");
    assertTrue(compose.contains("recordings:/recordings"), "compose keeps recordings on a volume");
  }
}

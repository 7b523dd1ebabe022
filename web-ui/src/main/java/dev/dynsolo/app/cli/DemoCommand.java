package dev.dynsolo.app.cli;

import dev.dynsolo.app.config.AppConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: the server on the built-in synthetic scene with the committed demo model. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Serve the built-in moving-shapes scene with the committed demo model on 127.0.0.1 and print the URL."
        + " No camera, no download.")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = any free).")
  int port;

  @Option(names = "--model", defaultValue = "models/demo", description = "Model bundle (default ${DEFAULT-VALUE}).")
  String model;

  @Override
  public Integer call() {
    AppConfig config = AppConfig.defaultsWith(Map.of(
        "model", Map.of("bundle", model),
        "server", Map.of("port", port),
        "streams", List.of(Map.of("name", "demo", "source", "demo"))));
    return ServerRun.serveUntilStopped(config, "");
  }
}

package dev.dynsolo.app.cli;

import dev.dynsolo.app.config.AppConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: the server from one YAML file. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the web server and the stream pipeline from a YAML config (every key: config/reference.yaml).")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", description = "The application YAML file; without it, the built-in defaults (no streams).")
  Path config;

  @Option(names = "--port", description = "Override server.port.")
  Integer port;

  @Override
  public Integer call() {
    AppConfig loaded = AppConfig.load(config, System::getenv);
    if (port != null) {
      loaded = new AppConfig(loaded.model(), loaded.pipeline(), loaded.server().withPort(port), loaded.recording(),
          loaded.events(), loaded.tracking(), loaded.overlay(), loaded.streams());
    }
    return ServerRun.serveUntilStopped(loaded, loaded.server().token().isEmpty() ? "" : "?token=<server.token>");
  }
}

package dev.dynsolo.app.config;

import dev.dynsolo.model.io.YamlSettings;
import dev.dynsolo.stream.track.TrackerSettings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The application's one YAML file: model, pipeline, server, recording, events, overlay and the
 * streams to start with. Every key and its default is documented in {@code config/reference.yaml}.
 */
public record AppConfig(ModelSection model, PipelineSection pipeline, ServerSection server,
    RecordingSection recording, EventsSection events, TrackerSettings tracking, OverlaySection overlay,
    List<StreamSection> streams) {

  private static final YamlSettings SETTINGS = new YamlSettings("/dynsolo/app-defaults.yaml", "config/reference.yaml");

  public AppConfig {
    streams = streams == null ? List.of() : List.copyOf(streams);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < streams.size(); i++) {
      if (!names.add(streams.get(i).name())) {
        throw new IllegalArgumentException("streams[" + i + "].name: '" + streams.get(i).name() + "' is used twice");
      }
    }
  }

  /** The defaults, then {@code file} (null for none), with {@code ${VAR}} taken from {@code environment}. */
  public static AppConfig load(Path file, UnaryOperator<String> environment) {
    return SETTINGS.read(file, AppConfig.class, Map.of(), environment);
  }

  /** The defaults with the given top-level sections replaced (used by {@code demo}). */
  public static AppConfig defaultsWith(Map<String, Object> overrides) {
    return SETTINGS.read(null, AppConfig.class, overrides, System::getenv);
  }
}

package dev.dynsolo.training.cli;

import dev.dynsolo.training.loop.TrainResult;
import dev.dynsolo.training.loop.TrainSettings;
import dev.dynsolo.training.loop.TrainSettingsFile;
import dev.dynsolo.training.loop.Trainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: trains a model from a training YAML file. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a SOLOv2 model; writes checkpoints, metrics.csv, plot.png and a serving bundle under runs/<name>.")
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--config", description = "Training YAML (keys: config/train-reference.yaml).")
  Path config;

  @Option(names = "--name", defaultValue = "train", description = "Run name (default ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--runs", defaultValue = "runs", description = "Directory of runs (default ${DEFAULT-VALUE}).")
  Path runs;

  @Option(names = "--resume", description = "Continue the run from its newest checkpoint.")
  boolean resume;

  @Option(names = "--data", description = "COCO JSON of the training split or a LabelMe folder (overrides the file).")
  String data;

  @Option(names = "--images", description = "Image root for --data (default as for eval).")
  String images;

  @Option(names = "--val-data", description = "Validation COCO JSON or LabelMe folder.")
  String valData;

  @Option(names = "--val-images", description = "Image root for --val-data.")
  String valImages;

  @Option(names = "--init", description = "Start from a trained model: a bundle, a checkpoint directory or an"
      + " authors' .pth (its architecture replaces the preset).")
  String init;

  @Option(names = "--preset", description = "Model preset, e.g. nano or light-r50@448.")
  String preset;

  @Option(names = "--epochs", description = "Epochs.")
  Integer epochs;

  @Option(names = "--batch", description = "Images per step.")
  Integer batch;

  @Option(names = "--lr", description = "Base learning rate.")
  Float learningRate;

  @Option(names = "--workers", description = "Loader threads.")
  Integer workers;

  @Override
  public Integer call() {
    Map<String, Object> overrides = new LinkedHashMap<>();
    // Paths given on the command line are relative to the working directory, those in a file to the file.
    put(overrides, "trainAnnotations", absolute(data));
    put(overrides, "trainImages", absolute(images));
    put(overrides, "valAnnotations", absolute(valData));
    put(overrides, "valImages", absolute(valImages));
    put(overrides, "preset", preset);
    put(overrides, "init", absolute(init));
    put(overrides, "epochs", epochs);
    put(overrides, "batchSize", batch);
    put(overrides, "learningRate", learningRate);
    put(overrides, "workers", workers);
    TrainSettings settings = TrainSettingsFile.read(config, overrides);
    Path base = config == null ? Path.of("") : config.toAbsolutePath().getParent();
    TrainResult result = new Trainer(settings, runs.resolve(name), base.toAbsolutePath(), System.out).run(resume);
    System.out.printf("trained %d steps in %.1f min%s; bundle: %s%n", result.steps(), result.seconds() / 60,
        result.validationAp() >= 0 ? String.format(", validation mask AP %.3f", result.validationAp()) : "",
        result.bundle());
    return 0;
  }

  private static String absolute(String path) {
    return path == null ? null : Path.of(path).toAbsolutePath().toString();
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}

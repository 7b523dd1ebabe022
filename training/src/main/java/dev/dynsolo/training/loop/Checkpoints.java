package dev.dynsolo.training.loop;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dynsolo.model.config.ModelConfig;
import java.util.ArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dynsolo.model.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.tensorflow.Session;

/**
 * Checkpoints of a run: {@code checkpoints/step-NNNNNNNN/} holding TensorFlow's variables files and
 * {@code state.json}. Each is written under a hidden partial name and renamed at the end, so a kill
 * mid-write leaves the previous one intact; only the last K are kept.
 */
public final class Checkpoints {
  static final String PREFIX = "ckpt";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What a checkpoint says about the run when it was written.
   *
   * @param model the full model config (absent in checkpoints written before it was recorded)
   * @param settings the training settings (likewise)
   * @param trainImages how many training images the run's data had
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record State(long step, int epoch, String preset, List<String> classNames, ModelConfig model,
      TrainSettings settings, Integer trainImages) {

    /** A state without the run's config (tests, old checkpoints). */
    public State(long step, int epoch, String preset, List<String> classNames) {
      this(step, epoch, preset, classNames, null, null, null);
    }

    /**
     * Why a run with this config, these settings and this data cannot continue from the
     * checkpoint, or empty when it can: the first differences, each named by its key.
     * Settings that do not change what is computed (workers, checkpoint and validation
     * frequency, checkpoints kept) may differ.
     */
    public Optional<String> mismatch(ModelConfig newModel, TrainSettings newSettings, List<String> newClasses,
        int newTrainImages) {
      List<String> differences = new ArrayList<>();
      if (!classNames.equals(newClasses)) {
        differences.add("classes: checkpoint " + classNames + ", data now " + newClasses);
      }
      if (trainImages != null && trainImages != newTrainImages) {
        differences.add("training images: checkpoint " + trainImages + ", data now " + newTrainImages);
      }
      if (model != null) {
        JsonDiff.differences("model", MAPPER.valueToTree(model), MAPPER.valueToTree(newModel), differences);
      }
      if (settings != null) {
        ObjectNode was = MAPPER.valueToTree(settings);
        ObjectNode now = MAPPER.valueToTree(newSettings);
        for (String free : List.of("workers", "checkpointEverySteps", "keepCheckpoints", "validateEveryEpochs")) {
          was.remove(free);
          now.remove(free);
        }
        JsonDiff.differences("settings", was, now, differences);
      }
      if (differences.isEmpty()) {
        return Optional.empty();
      }
      List<String> shown = differences.subList(0, Math.min(5, differences.size()));
      return Optional.of(String.join("; ", shown) + (differences.size() > 5 ? "; ..." : ""));
    }
  }

  private final Path dir;
  private final int keep;

  public Checkpoints(Path runDir, int keep) {
    this.dir = runDir.resolve("checkpoints");
    this.keep = keep;
  }

  public Path directory() {
    return dir;
  }

  public Path save(Session session, State state) {
    String name = String.format("step-%08d", state.step());
    Path partial = dir.resolve("." + name + ".partial");
    Path target = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      FileTrees.deleteRecursively(partial);
      Files.createDirectories(partial);
      session.save(partial.resolve(PREFIX).toString());
      MAPPER.writerWithDefaultPrettyPrinter().writeValue(partial.resolve("state.json").toFile(), state);
      FileTrees.deleteRecursively(target);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      prune();
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
  }

  /** The newest complete checkpoint, if any. */
  public Optional<Path> latest() {
    return complete().stream().reduce((a, b) -> b);
  }

  public static State readState(Path checkpoint) {
    Path file = checkpoint.resolve("state.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("not a checkpoint (no state.json): " + checkpoint);
    }
    try {
      return MAPPER.readValue(file.toFile(), State.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable checkpoint state " + file + ": " + e.getMessage(), e);
    }
  }

  /** Restores every variable of the session's graph that the checkpoint holds by name. */
  public static void restore(Session session, Path checkpoint) {
    readState(checkpoint);
    session.restore(checkpoint.resolve(PREFIX).toString());
  }

  private List<Path> complete() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().startsWith("step-"))
          .filter(p -> Files.isRegularFile(p.resolve("state.json")))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void prune() throws IOException {
    List<Path> all = complete();
    for (int i = 0; i < all.size() - keep; i++) {
      FileTrees.deleteRecursively(all.get(i));
    }
  }
}

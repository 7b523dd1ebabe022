package dev.dynsolo.training.loop;

import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.bundle.BundleWriter;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.Presets;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.model.weights.StateDictFiles;
import dev.dynsolo.model.weights.SessionWeights;
import dev.dynsolo.model.weights.WeightImport;
import dev.dynsolo.model.weights.WeightSet;
import dev.dynsolo.training.data.BadAnnotationPolicy;
import dev.dynsolo.training.data.Dataset;
import dev.dynsolo.training.data.Datasets;
import dev.dynsolo.training.eval.CocoMaskEvaluator;
import dev.dynsolo.training.eval.DatasetInference;
import dev.dynsolo.training.eval.EvalSummary;
import dev.dynsolo.training.graph.OptimizerSettings;
import dev.dynsolo.training.graph.TrainingGraph;
import dev.dynsolo.training.init.InitialModel;
import dev.dynsolo.training.init.InitialModels;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Runs a training: loads the data, builds the training graph, steps through the schedule with a
 * prefetching loader, writes metrics, checkpoints and validates periodically, and finally writes
 * the serving bundle ({@code <run>/bundle}) and the loss/AP plot.
 */
public final class Trainer {
  private final TrainSettings settings;
  private final Path runDir;
  private final Path baseDir;
  private final Progress progress;

  /**
   * @param baseDir directory the settings' relative paths are resolved against
   */
  public Trainer(TrainSettings settings, Path runDir, Path baseDir, PrintStream out) {
    this.settings = settings;
    this.runDir = runDir;
    this.baseDir = baseDir;
    this.progress = new Progress(out);
  }

  public TrainResult run(boolean resume) {
    long started = System.nanoTime();
    BadAnnotationPolicy policy = settings.skipBadAnnotations() ? BadAnnotationPolicy.SKIP : BadAnnotationPolicy.FAIL;
    Dataset train = Datasets.open(resolve(settings.trainAnnotations()), resolveOrNull(settings.trainImages()), policy);
    Dataset val = settings.valAnnotations() == null ? null
        : Datasets.open(resolve(settings.valAnnotations()), resolveOrNull(settings.valImages()), policy);
    report("train", train);
    if (val != null) {
      report("val", val);
    }
    InitialModel init = settings.init() == null ? null : InitialModels.load(resolve(settings.init()));
    ModelConfig config = init != null ? init.config().withNumClasses(train.classNames().size())
        : Presets.get(settings.preset(), train.classNames().size());
    ModelConfig trainConfig = config.forTraining();
    Checkpoints checkpoints = new Checkpoints(runDir, settings.keepCheckpoints());
    Optional<Path> latest = checkpoints.latest();
    if (latest.isPresent() && !resume) {
      throw new IllegalStateException("run directory " + runDir + " already has checkpoints: resume it (--resume) or"
          + " choose another run name");
    }
    createDirectories(runDir);
    TrainingSchedule schedule = new TrainingSchedule(train.images().size(), settings.batchSize(), settings.epochs(),
        settings.seed(), settings.learningRate(), settings.warmupSteps(), 0.01f, settings.decayEpochs(),
        settings.learningRateDecay());
    OptimizerSettings optimizer = new OptimizerSettings(settings.optimizer(), settings.momentum(),
        settings.weightDecay(), settings.clipNorm(), OptimizerSettings.frozenBackboneStages(settings.frozenStages()));
    MetricsLog metrics = new MetricsLog(runDir);
    SampleFactory factory = new SampleFactory(trainConfig, settings.augment());
    double lastAp = -1;
    Path lastCheckpoint = null;
    try (Graph graph = new Graph()) {
      TrainingGraph g = new TrainingGraph(graph, trainConfig, settings.batchSize(), optimizer,
          settings.classCrossEntropyWeight(), settings.seed());
      progress.message("precision: " + settings.precision().effective().name().toLowerCase());
      try (Session session = new Session(graph, settings.precision().apply(RuntimeOptions.defaults().toConfigProto()));
          SampleLoader loader = new SampleLoader(settings.workers(), 2)) {
        long start = 0;
        if (latest.isPresent()) {
          Optional<String> mismatch = Checkpoints.readState(latest.get())
              .mismatch(config, settings, train.classNames(), train.images().size());
          if (mismatch.isPresent()) {
            throw new IllegalStateException("cannot resume " + runDir + ": the run no longer matches its checkpoint "
                + latest.get().getFileName() + " (" + mismatch.get() + "); restore them or start a new run");
          }
          Checkpoints.restore(session, latest.get());
          start = readStep(session, g);
          metrics.truncateAfter(start);
          progress.message("resumed from " + latest.get() + " at step " + start);
        } else {
          session.initialize();
          if (settings.backboneWeights() != null) {
            initialiseBackbone(graph, session, g, resolve(settings.backboneWeights()));
          }
          if (init != null) {
            initialiseFrom(graph, session, g, init, train.classNames());
          }
        }
        long total = schedule.totalSteps();
        Iterator<List<TrainingSample>> batches = loader.batches(schedule, train.images(), factory, start, total);
        long windowStart = System.nanoTime();
        long windowImages = 0;
        for (long step = start; step < total; step++) {
          List<TrainingSample> samples = batches.next();
          float lr = schedule.learningRate(step);
          float[] losses = runStep(session, g, trainConfig, samples, lr, step + 1);
          windowImages += samples.size();
          double elapsed = (System.nanoTime() - windowStart) / 1e9;
          double rate = windowImages / Math.max(elapsed, 1e-9);
          int epoch = schedule.epochOf(step);
          int inEpoch = (int) (step % schedule.stepsPerEpoch()) + 1;
          metrics.append(new MetricsLog.StepRow(step + 1, epoch + 1, lr, losses[0], losses[1], losses[2], losses[3],
              rate));
          progress.step(step + 1, total, epoch, settings.epochs(), inEpoch, schedule.stepsPerEpoch(), losses[0],
              losses[1], losses[3], losses[2], lr, rate, (total - step - 1) * settings.batchSize() / Math.max(rate, 1e-9));
          if (!Float.isFinite(losses[0])) {
            throw new IllegalStateException("loss became " + losses[0] + " at step " + (step + 1)
                + ": lower the learning rate (" + settings.learningRate() + ")");
          }
          boolean epochEnd = inEpoch == schedule.stepsPerEpoch();
          if (epochEnd || (step + 1) % settings.checkpointEverySteps() == 0) {
            lastCheckpoint = checkpoints.save(session, new Checkpoints.State(step + 1, epoch + 1, settings.preset(),
                train.classNames(), config, settings, train.images().size()));
          }
          if (epochEnd && val != null && settings.validateEveryEpochs() > 0
              && ((epoch + 1) % settings.validateEveryEpochs() == 0 || step + 1 == total)) {
            EvalSummary summary = validate(session, g, config, train.classNames(), val);
            lastAp = summary.ap();
            metrics.append(new MetricsLog.ValidationRow(step + 1, epoch + 1, summary.ap(), summary.ap50(),
                summary.ap75()));
            progress.message(String.format("validation after epoch %d: mask AP %.3f, AP50 %.3f, AP75 %.3f", epoch + 1,
                summary.ap(), summary.ap50(), summary.ap75()));
            windowStart = System.nanoTime();
            windowImages = 0;
          }
        }
        Path bundle = runDir.resolve("bundle");
        writeBundle(session, g, config, train.classNames(), bundle, lastAp);
        LossPlot.write(metrics, runDir.resolve("plot.png"));
        progress.message("bundle written to " + bundle);
        return new TrainResult(total, lastCheckpoint, bundle, lastAp, (System.nanoTime() - started) / 1e9);
      }
    }
  }

  private float[] runStep(Session session, TrainingGraph g, ModelConfig config, List<TrainingSample> samples, float lr,
      long stepNumber) {
    try (Batch batch = new Batch(config, samples);
        TFloat32 rate = TFloat32.scalarOf(lr);
        TFloat32 b1 = TFloat32.scalarOf((float) Math.pow(TrainingGraph.ADAM_BETA1, stepNumber));
        TFloat32 b2 = TFloat32.scalarOf((float) Math.pow(TrainingGraph.ADAM_BETA2, stepNumber));
        Result r = batch.feed(session.runner(), g).feed(g.learningRate, rate).feed(g.beta1Power, b1)
            .feed(g.beta2Power, b2).fetch(g.loss.total()).fetch(g.loss.focal()).fetch(g.loss.dice())
            .fetch(g.loss.classCrossEntropy())
            .addTarget(g.trainStep).run()) {
      return new float[] {((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat(),
          ((TFloat32) r.get(2)).getFloat(), ((TFloat32) r.get(3)).getFloat()};
    }
  }

  /** Loads ImageNet ResNet weights into the backbone; a file that does not fit fails, naming what. */
  private void initialiseBackbone(Graph graph, Session session, TrainingGraph g, Path file) {
    WeightSet weights = SessionWeights.read(session, g.modelVariables);
    WeightImport.Report report = WeightImport.apply(weights, StateDictFiles.read(file), "backbone.", "backbone.");
    if (!report.mismatched().isEmpty()) {
      throw new IllegalArgumentException(file + " does not fit the " + settings.preset() + " backbone: "
          + report.mismatched().size() + " shape mismatches, first " + report.mismatched().get(0));
    }
    if (!report.missing().isEmpty()) {
      throw new IllegalArgumentException(file + " lacks " + report.missing().size() + " backbone weights, first "
          + report.missing().get(0) + " (expected torchvision ResNet keys such as conv1.weight)");
    }
    SessionWeights.assign(graph, session, g.modelVariables, weights);
    progress.message("backbone initialised from " + file + " (" + report.imported().size() + " tensors)");
  }

  /**
   * Loads a trained model's weights; with another class list the category output keeps its fresh
   * initialisation (prior 0.01). Every other variable must come from the model.
   */
  private void initialiseFrom(Graph graph, Session session, TrainingGraph g, InitialModel init, List<String> classes) {
    WeightSet weights = SessionWeights.read(session, g.modelVariables);
    boolean sameClasses = init.classNames().equals(classes);
    java.util.List<String> missing = new java.util.ArrayList<>();
    int taken = 0;
    for (String name : weights.names()) {
      boolean category = name.startsWith("bbox_head.solo_cate.");
      if (category && !sameClasses) {
        continue;
      }
      if (!init.weights().contains(name)
          || !java.util.Arrays.equals(init.weights().get(name).shape(), weights.get(name).shape())) {
        missing.add(name);
        continue;
      }
      weights.put(name, init.weights().get(name));
      taken++;
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("--init " + init.source() + " does not fit: " + missing.size()
          + " variables missing or of another shape, first " + missing.get(0));
    }
    SessionWeights.assign(graph, session, g.modelVariables, weights);
    progress.message("initialised from " + init.source() + " (" + taken + " tensors" + (sameClasses ? ""
        : "; category output re-initialised for " + classes.size() + " classes") + ")");
  }

  private static long readStep(Session session, TrainingGraph g) {
    try (Result r = session.runner().fetch(g.step).run()) {
      return ((TInt64) r.get(0)).getLong();
    }
  }

  private EvalSummary validate(Session session, TrainingGraph g, ModelConfig config, List<String> classes, Dataset val) {
    Path bundle = runDir.resolve(".validation-bundle");
    writeBundle(session, g, config, classes, bundle, -1);
    try (Segmenter segmenter = Segmenters.open(bundle, RuntimeOptions.defaults())) {
      return CocoMaskEvaluator.evaluate(val, DatasetInference.run(segmenter, val, 4, done -> { }));
    }
  }

  private void writeBundle(Session session, TrainingGraph g, ModelConfig config, List<String> classes, Path bundle,
      double ap) {
    WeightSet weights = SessionWeights.read(session, g.modelVariables);
    String description = "trained by dynsolo from " + settings.trainAnnotations() + " (" + settings.epochs()
        + " epochs, preset " + settings.preset() + ")" + (ap >= 0 ? String.format(", validation mask AP %.3f", ap) : "");
    BundleWriter.write(bundle, config, weights, classes, description);
  }

  private void report(String split, Dataset d) {
    progress.message(String.format("%s: %d images, %d instances, %d classes%s", split, d.images().size(),
        d.instanceCount(), d.classNames().size(), d.skipped().isEmpty() ? "" : ", " + d.skipped().size()
            + " entries skipped (first: " + d.skipped().get(0) + ")"));
  }

  private Path resolve(String path) {
    return baseDir.resolve(path).normalize();
  }

  private Path resolveOrNull(String path) {
    return path == null ? null : resolve(path);
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}

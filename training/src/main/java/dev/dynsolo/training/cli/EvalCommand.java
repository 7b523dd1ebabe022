package dev.dynsolo.training.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.api.Thresholds;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.training.data.BadAnnotationPolicy;
import dev.dynsolo.training.data.Dataset;
import dev.dynsolo.training.data.Datasets;
import dev.dynsolo.training.eval.ClassConfusion;
import dev.dynsolo.training.eval.CocoResults;
import dev.dynsolo.training.eval.CocoMaskEvaluator;
import dev.dynsolo.training.eval.DatasetInference;
import dev.dynsolo.training.eval.Detection;
import dev.dynsolo.training.eval.EvalSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eval}: COCO mask AP of a bundle, or of any model's results file, on a dataset. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Run a model bundle over a dataset (or read a COCO results file) and print the COCO mask AP"
        + " summary, computed as pycocotools does.")
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--model", description = "Model bundle directory.")
  Path model;

  @Option(names = "--results", description = "Score this COCO results file (JSON array with RLE masks) instead"
      + " of running a model.")
  Path results;

  @Option(names = "--data", required = true, description = "COCO JSON or LabelMe folder.")
  Path data;

  @Option(names = "--images", description = "Image root for a COCO JSON (default: its folder, or the"
      + " images folder beside an annotations folder, as make-shapes writes).")
  Path images;

  @Option(names = "--out", description = "Write the summary as JSON here.")
  Path out;

  @Option(names = "--detections", description = "Write detections in the COCO results format (RLE masks) here.")
  Path detectionsFile;

  @Option(names = "--batch", defaultValue = "4", description = "Images per inference batch (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--skip-bad", description = "Skip and count bad annotations instead of failing.")
  boolean skipBad;

  @Option(names = "--confusion", description = "Also print which class each instance was found as (or missed).")
  boolean confusion;

  /** The arithmetic the model ran in (null when scoring a results file). */
  private String servedPrecision;

  @Override
  public Integer call() throws IOException {
    if ((model == null) == (results == null)) {
      throw new IllegalArgumentException("give exactly one of --model (run a bundle) or --results (score a file)");
    }
    Dataset dataset = Datasets.open(data, images, skipBad ? BadAnnotationPolicy.SKIP : BadAnnotationPolicy.FAIL);
    List<Detection> detections = results != null ? CocoResults.read(results, dataset) : infer(dataset);
    EvalSummary summary = CocoMaskEvaluator.evaluate(dataset, detections);
    System.out.print(summary.format());
    ClassConfusion classes = ClassConfusion.of(dataset, detections);
    if (confusion) {
      System.out.print(classes.format());
    }
    ObjectMapper mapper = new ObjectMapper();
    if (out != null) {
      ObjectNode json = mapper.createObjectNode();
      String[] keys = {"AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"};
      for (int i = 0; i < keys.length; i++) {
        json.put(keys[i], summary.values().get(i));
      }
      json.put("images", dataset.images().size());
      if (servedPrecision != null) {
        json.put("precision", servedPrecision);
      }
      json.put("detections", detections.size());
      ObjectNode confusionJson = json.putObject("confusion");
      for (int t = 0; t < classes.classNames().size(); t++) {
        ObjectNode row = confusionJson.putObject(classes.classNames().get(t));
        for (int p = 0; p < classes.classNames().size(); p++) {
          row.put(classes.classNames().get(p), classes.counts()[t][p]);
        }
        row.put("missed", classes.counts()[t][classes.classNames().size()]);
      }
      json.put("classAccuracy", classes.accuracy());
      json.put("multiClassInstances", classes.multiClass());
      mapper.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), json);
    }
    if (detectionsFile != null) {
      ArrayNode results = mapper.createArrayNode();
      for (Detection d : detections) {
        ObjectNode r = results.addObject();
        r.put("image_id", d.imageId());
        r.put("category_id", dataset.categoryIds().get(d.classIndex()));
        r.put("score", d.score());
        ObjectNode seg = r.putObject("segmentation");
        seg.putArray("size").add(d.mask().height()).add(d.mask().width());
        seg.put("counts", d.mask().toCocoString());
      }
      mapper.writeValue(detectionsFile.toFile(), results);
    }
    return 0;
  }

  private List<Detection> infer(Dataset dataset) {
    try (Segmenter segmenter = Segmenters.open(model, RuntimeOptions.defaults())) {
      servedPrecision = segmenter.info().precision();
      Thresholds t = segmenter.info().thresholds();
      // COCO evaluation scores everything down to the lowest scores (as pycocotools expects).
      segmenter.setThresholds(new Thresholds(t.score(), t.mask(), Math.min(t.update(), 0.05f), t.kernel(), t.sigma()));
      return DatasetInference.run(segmenter, dataset, batch, done -> { });
    }
  }
}

package dev.dynsolo.bench;

import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.Instance;
import dev.dynsolo.model.api.Rle;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.model.synthetic.MovingShapes;
import dev.dynsolo.stream.track.ByteTracker;
import dev.dynsolo.stream.track.TrackerSettings;
import dev.dynsolo.stream.track.eval.MotFiles;
import dev.dynsolo.stream.track.eval.MotRow;
import dev.dynsolo.stream.track.eval.TrackingMetrics;
import dev.dynsolo.stream.track.eval.TrackingScores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;

/**
 * Tracking quality and cost. Runs the demo model over the synthetic scene (which knows each shape's
 * identity), tracks with mask+box and with box-only association, writes the MOTChallenge files
 * (ground truth and both trackers' output, for TrackEval) and prints HOTA, MOTA, IDF1 and identity
 * switches for the plain scene and for one with heavy occlusion (more shapes, a pillar in the
 * middle). Then times one tracker update with 50 instances. Usage: {@code benchmarks/run-tracking
 * [frames] [out-dir] [model-dir]} (default 300, benchmarks/target/tracking, models/demo).
 */
public final class TrackingBenchmark {
  private TrackingBenchmark() {}

  record Scene(String name, long seed, int shapes, boolean pillar) {}

  /** The association cues compared: the defaults, without mask IoU, and without recovering lost tracks by distance. */
  private static final Map<String, TrackerSettings> CUES = new LinkedHashMap<>();

  static {
    CUES.put("mask+box", TrackerSettings.DEFAULT);
    CUES.put("box", TrackerSettings.DEFAULT.withMaskWeight(0));
    CUES.put("mask+box-norec", TrackerSettings.DEFAULT.withRecoverDistance(0));
    CUES.put("box-norec", TrackerSettings.DEFAULT.withMaskWeight(0).withRecoverDistance(0));
  }

  public static void main(String[] args) throws Exception {
    int frames = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/target/tracking");
    Path model = Path.of(args.length > 2 ? args[2] : "models/demo");
    Files.createDirectories(out);
    List<Scene> scenes = List.of(new Scene("demo-scene", 7, 4, false), new Scene("occlusion", 11, 7, true));
    System.out.printf(Locale.ROOT, "%-12s %-14s %7s %7s %7s %7s %7s %5s%n", "scene", "cues", "HOTA", "DetA", "AssA",
        "MOTA", "IDF1", "IDSW");
    try (Segmenter segmenter = Segmenters.open(model, RuntimeOptions.defaults())) {
      for (Scene scene : scenes) {
        MovingShapes shapes = new MovingShapes(640, 480, scene.seed(), scene.shapes(), scene.pillar());
        List<MotRow> truth = new ArrayList<>();
        List<List<Instance>> detections = new ArrayList<>();
        List<List<Instance>> oracle = new ArrayList<>();
        Random misses = new Random(scene.seed());
        for (int f = 1; f <= frames; f++) {
          MovingShapes.SceneFrame frame = shapes.next();
          List<Instance> perfect = new ArrayList<>();
          for (MovingShapes.Truth t : frame.truth()) {
            if (t.visibleFraction() >= 0.2) {
              Box b = t.visibleBox();
              truth.add(new MotRow(f, t.id(), b.x0(), b.y0(), b.width(), b.height(), 1));
              if (misses.nextDouble() >= 0.1) { // a detector that misses one visible shape in ten
                perfect.add(new Instance(t.classId(), "c" + t.classId(), 0.9f, b, t.visibleMask()));
              }
            }
          }
          oracle.add(perfect);
          Segmentation s = segmenter.segment(List.of(frame.image())).get(0);
          detections.add(s.instances());
        }
        MotFiles.writeGroundTruth(out.resolve(scene.name()).resolve("gt.txt"), truth);
        for (Map.Entry<String, TrackerSettings> cues : CUES.entrySet()) {
          TrackingScores o = track(oracle, truth, frames, cues.getValue(), null);
          System.out.printf(Locale.ROOT, "%-12s %-14s %7.4f %7.4f %7.4f %7.4f %7.4f %5d   (truth as detections, 10 %%"
              + " missed)%n", scene.name(), cues.getKey(), o.hota(), o.detA(), o.assA(), o.mota(), o.idf1(),
              o.idSwitches());
        }
        for (Map.Entry<String, TrackerSettings> cues : CUES.entrySet()) {
          TrackingScores s = track(detections, truth, frames, cues.getValue(),
              out.resolve(scene.name()).resolve(cues.getKey() + ".txt"));
          System.out.printf(Locale.ROOT, "%-12s %-14s %7.4f %7.4f %7.4f %7.4f %7.4f %5d%n", scene.name(), cues.getKey(),
              s.hota(), s.detA(), s.assA(), s.mota(), s.idf1(), s.idSwitches());
        }
      }
    }
    timeFiftyInstances();
  }

  /** Tracks the detections, writes the tracks as a MOTChallenge file (unless {@code file} is null) and scores them. */
  private static TrackingScores track(List<List<Instance>> detections, List<MotRow> truth, int frames,
      TrackerSettings settings, Path file) {
    ByteTracker tracker = new ByteTracker(settings);
    List<MotRow> tracks = new ArrayList<>();
    for (int f = 1; f <= frames; f++) {
      List<Instance> dets = detections.get(f - 1);
      long[] ids = tracker.update(dets);
      for (int i = 0; i < dets.size(); i++) {
        if (ids[i] >= 0) {
          Box b = dets.get(i).box();
          tracks.add(new MotRow(f, ids[i], b.x0(), b.y0(), b.width(), b.height(), dets.get(i).score()));
        }
      }
    }
    if (file != null) {
      MotFiles.writeTracks(file, tracks);
    }
    return TrackingMetrics.evaluate(truth, tracks, frames);
  }

  /**
   * One tracker update with 50 moving instances (discs on a 1280x720 frame), box-only and mask+box,
   * after two untimed passes over the same frames (without them the first setting timed also
   * pays for compiling the tracker, up to half its figure).
   */
  private static void timeFiftyInstances() {
    int w = 1280;
    int h = 720;
    Random random = new Random(3);
    int n = 50;
    double[][] state = new double[n][4];
    for (double[] s : state) {
      s[0] = 40 + random.nextDouble() * (w - 80);
      s[1] = 40 + random.nextDouble() * (h - 80);
      s[2] = (random.nextDouble() * 2 - 1) * 4;
      s[3] = (random.nextDouble() * 2 - 1) * 4;
    }
    int steps = 400;
    List<List<Instance>> frames = new ArrayList<>();
    for (int f = 0; f < steps; f++) {
      List<Instance> dets = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        double[] s = state[i];
        s[0] = bounce(s[0] + s[2], 30, w - 30, s, 2);
        s[1] = bounce(s[1] + s[3], 30, h - 30, s, 3);
        dets.add(disc(i % 3, s[0], s[1], 22, 0.9f, w, h));
      }
      frames.add(dets);
    }
    for (int pass = 0; pass < 2; pass++) { // the first pass of both settings, untimed, lets the JIT compile
      for (double weight : new double[] {0, 0.5}) {
        ByteTracker warm = new ByteTracker(TrackerSettings.DEFAULT.withMaskWeight(weight));
        frames.forEach(warm::update);
      }
    }
    for (double weight : new double[] {0, 0.5}) {
      ByteTracker tracker = new ByteTracker(TrackerSettings.DEFAULT.withMaskWeight(weight));
      double[] millis = new double[steps];
      for (int f = 0; f < steps; f++) {
        long t0 = System.nanoTime();
        tracker.update(frames.get(f));
        millis[f] = (System.nanoTime() - t0) / 1e6;
      }
      double[] measured = java.util.Arrays.copyOfRange(millis, 100, steps); // once 50 tracks are confirmed
      java.util.Arrays.sort(measured);
      System.out.printf(Locale.ROOT, "tracker update, 50 instances, %s: median %.3f ms, p95 %.3f ms%n",
          weight > 0 ? "mask+box" : "box", measured[measured.length / 2], measured[(int) (measured.length * 0.95)]);
    }
  }

  private static double bounce(double v, double lo, double hi, double[] s, int k) {
    if (v < lo || v > hi) {
      s[k] = -s[k];
      return Math.max(lo, Math.min(hi, v));
    }
    return v;
  }

  private static Instance disc(int classId, double cx, double cy, double r, float score, int w, int h) {
    boolean[] bits = new boolean[w * h];
    int x0 = (int) Math.max(0, cx - r - 1);
    int x1 = (int) Math.min(w, cx + r + 2);
    int y0 = (int) Math.max(0, cy - r - 1);
    int y1 = (int) Math.min(h, cy + r + 2);
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        double dx = x + 0.5 - cx;
        double dy = y + 0.5 - cy;
        bits[y * w + x] = dx * dx + dy * dy <= r * r;
      }
    }
    Rle mask = Rle.fromBitmap(bits, w, h);
    return new Instance(classId, "c" + classId, score, mask.boundingBox(), mask);
  }
}

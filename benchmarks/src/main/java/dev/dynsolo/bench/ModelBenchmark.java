package dev.dynsolo.bench;

import dev.dynsolo.model.api.Letterbox;
import dev.dynsolo.model.config.InputConfig;
import dev.dynsolo.model.config.InputResize;
import dev.dynsolo.model.config.ModelConfig;
import dev.dynsolo.model.config.Presets;
import dev.dynsolo.model.graph.InferenceGraph;
import dev.dynsolo.model.net.BuildMode;
import dev.dynsolo.model.net.Layers;
import dev.dynsolo.model.net.SoloNetwork;
import dev.dynsolo.model.net.VariableStore;
import dev.dynsolo.model.postprocess.MatrixNms;
import dev.dynsolo.model.runtime.Precision;
import dev.dynsolo.model.runtime.RuntimeOptions;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * One run prints: the machine's fp32 matmul ceiling, ms/frame and achieved GFLOP/s of the whole
 * inference graph (network + in-graph post-processing) for the given presets at batch 1 and 4,
 * and Matrix NMS time for 500 masks. The CPU mode comes from the environment the launcher set.
 *
 * <p>Usage: {@code ModelBenchmark [spec ...]}. A spec is {@code preset@size} (letterbox input, e.g.
 * {@code nano}, {@code r50@512}) or {@code preset~SHORTxLONG} (the authors' keep-ratio input, as
 * imported checkpoints have it: timed on a frame of exactly LONG x SHORT and on a 4:3 frame, at
 * its own padded size). Every model runs in float32 and, where the CPU has bfloat16
 * instructions, with the bf16 rewrite ({@code precision: bf16}); the ceilings are a 4096^3 matmul
 * in float32 and in bfloat16. Default: the authors' light-r18/34/50 at 448x768, r50 at 800x1333,
 * and nano.
 */
public final class ModelBenchmark {

  public static void main(String[] args) {
    List<String> presets = args.length > 0 ? List.of(args)
        : List.of("light-r18~448x768", "light-r34~448x768", "light-r50~448x768", "r50~800x1333", "nano");
    RuntimeOptions options = RuntimeOptions.defaults().withPrecision(Precision.FP32);
    System.out.printf("cpu mode %s, %d cores, TensorFlow %s%n", options.cpuMode(),
        Runtime.getRuntime().availableProcessors(), org.tensorflow.TensorFlow.version());
    double ceiling = matmulCeiling(options, TFloat32.class);
    System.out.printf("ceiling: 4096x4096 fp32 matmul %.1f GFLOP/s%n", ceiling);
    boolean bf16 = Precision.AUTO.effective() == Precision.BF16;
    if (bf16) {
      System.out.printf("ceiling: 4096x4096 bf16 matmul %.1f GFLOP/s%n",
          matmulCeiling(options, org.tensorflow.types.TBfloat16.class));
    }
    System.out.println("preset             frame     input     precision batch  ms/frame  p95 ms/batch  GFLOP/frame"
        + "  GFLOP/s  % of fp32 ceiling");
    for (String spec : presets) {
      for (Precision precision : bf16 ? List.of(Precision.FP32, Precision.BF16) : List.of(Precision.FP32)) {
        RuntimeOptions run = options.withPrecision(precision);
        if (spec.contains("~")) {
          ModelConfig config = keepRatio(spec);
          int shortSide = config.input().height();
          int longSide = config.input().width();
          model(spec, config, longSide, shortSide, 1, run, ceiling);
          model(spec, config, 640, 480, 1, run, ceiling);
        } else {
          ModelConfig config = Presets.get(spec, 80);
          for (int batch : new int[] {1, 4}) {
            model(spec, config, config.input().width(), config.input().height(), batch, run, ceiling);
          }
        }
      }
    }
    for (int masks : new int[] {500, 100}) {
      for (int side : new int[] {112, 128}) {
        Timer.Stats nms = matrixNms(masks, side * side, options);
        System.out.printf("matrix nms: %d masks of %dx%d: median %.2f ms, p95 %.2f ms%n", masks, side, side,
            nms.medianMs(), nms.p95Ms());
      }
    }
  }

  /** {@code preset~SHORTxLONG}: the preset with the authors' keep-ratio input. */
  private static ModelConfig keepRatio(String spec) {
    String[] parts = spec.split("~");
    String[] size = parts[1].split("x");
    return Presets.get(parts[0], 80).withInput(InputConfig.keepRatio(Integer.parseInt(size[0]),
        Integer.parseInt(size[1])));
  }

  private static <T extends org.tensorflow.types.family.TNumber> double matmulCeiling(RuntimeOptions options,
      Class<T> type) {
    int n = 4096;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> a = tf.random.randomUniform(tf.constant(new int[] {n, n}), TFloat32.class);
      Operand<TFloat32> b = tf.random.randomUniform(tf.constant(new int[] {n, n}), TFloat32.class);
      Operand<T> va = tf.dtypes.cast(tf.variable(a), type);
      Operand<T> vb = tf.dtypes.cast(tf.variable(b), type);
      Operand<TFloat32> sum = tf.sum(tf.dtypes.cast(tf.linalg.matMul(va, vb), TFloat32.class),
          tf.constant(new int[] {0, 1}));
      try (Session s = new Session(g, options.toConfigProto())) {
        s.initialize();
        Timer.Stats t = Timer.time(2, 5, () -> s.runner().fetch(sum).run().close());
        return 2.0 * n * n * n / (t.medianMs() / 1e3) / 1e9;
      }
    }
  }

  private static double flopsPerImage(ModelConfig config, int paddedWidth, int paddedHeight) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, paddedHeight, paddedWidth, 3)));
      Layers layers = new Layers(tf, new VariableStore(tf, 0), BuildMode.INFERENCE);
      SoloNetwork.build(layers, config, images);
      if (!layers.flopsComplete()) {
        System.out.println("  (some conv sizes were not static; FLOPs are a lower bound)");
      }
      return layers.convFlops() / 1e9;
    }
  }

  /** Times the serving graph on a frame of {@code frameWidth x frameHeight} brought to the model input. */
  private static void model(String preset, ModelConfig config, int frameWidth, int frameHeight, int batch,
      RuntimeOptions options, double ceiling) {
    Letterbox box = config.input().place(frameWidth, frameHeight);
    int h = box.inputHeight();
    int w = box.inputWidth();
    int paddedH = config.input().resize() == InputResize.KEEP_RATIO ? InputConfig.padded(h) : h;
    int paddedW = config.input().resize() == InputResize.KEEP_RATIO ? InputConfig.padded(w) : w;
    double gflops = flopsPerImage(config, paddedW, paddedH);
    byte[] pixels = new byte[batch * h * w * 3];
    new Random(1).nextBytes(pixels);
    try (Graph g = new Graph()) {
      // bf16 as bundles serve it: their bf16 signature (bfloat16 convolutions in backbone, FPN,
      // head and the mask branch's levels; the mask feature's last 1x1 conv float32), in a
      // session without the mixed-precision rewrite.
      boolean bf16 = options.precision() == Precision.BF16;
      InferenceGraph inference = bf16 ? InferenceGraph.buildServing(g, config) : InferenceGraph.build(g, config, 1);
      var out = bf16 ? inference.bf16Detections() : inference.detections();
      try (Session s = new Session(g, options.withPrecision(Precision.FP32).toConfigProto());
          TUint8 images = TUint8.tensorOf(Shape.of(batch, h, w, 3), DataBuffers.of(pixels, true, false))) {
        s.initialize();
        int runs = batch == 1 ? 7 : 3;
        Timer.Stats t = Timer.time(2, runs, () -> s.runner().feed(inference.images(), images)
            .fetch(out.scores()).fetch(out.masks()).fetch(out.count()).run().close());
        double msPerFrame = t.medianMs() / batch;
        double achieved = gflops / (msPerFrame / 1e3);
        System.out.printf("%-18s %-9s %-9s %-9s %5d  %8.1f  %12.1f  %11.1f  %7.1f  %11.0f%%%n", preset,
            frameWidth + "x" + frameHeight, paddedW + "x" + paddedH, options.precision().name().toLowerCase(), batch,
            msPerFrame, t.p95Ms(), gflops, achieved, 100 * achieved / ceiling);
      }
    }
  }

  private static Timer.Stats matrixNms(int k, int pixels, RuntimeOptions options) {
    Random random = new Random(3);
    float[] masks = new float[k * pixels];
    float[] areas = new float[k];
    int[] classes = new int[k];
    for (int i = 0; i < k; i++) {
      classes[i] = random.nextInt(5);
      for (int p = 0; p < pixels; p++) {
        if (random.nextInt(4) == 0) {
          masks[i * pixels + p] = 1;
          areas[i]++;
        }
      }
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var m = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, k, pixels)));
      var a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, k)));
      var c = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(1, k)));
      Operand<TFloat32> decay = MatrixNms.decay(tf, m, a, c, tf.constant(2f), tf.constant(0f));
      try (Session s = new Session(g, options.toConfigProto());
          TFloat32 mt = TFloat32.tensorOf(Shape.of(1, k, pixels), DataBuffers.of(masks, true, false));
          TFloat32 at = TFloat32.tensorOf(Shape.of(1, k), DataBuffers.of(areas, true, false));
          TInt32 ct = TInt32.tensorOf(Shape.of(1, k), DataBuffers.of(classes, true, false))) {
        return Timer.time(3, 20, () -> s.runner().feed(m, mt).feed(a, at).feed(c, ct).fetch(decay).run().close());
      }
    }
  }
}

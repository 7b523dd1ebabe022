package dev.dynsolo.model.serving;

import dev.dynsolo.model.api.ImageResizer;
import dev.dynsolo.model.api.Instance;
import dev.dynsolo.model.api.KeepRatioMaskMapper;
import dev.dynsolo.model.api.Letterbox;
import dev.dynsolo.model.api.LetterboxedImage;
import dev.dynsolo.model.api.MaskMapper;
import dev.dynsolo.model.api.ModelInfo;
import dev.dynsolo.model.api.OpenCvResize;
import dev.dynsolo.model.api.RgbImage;
import dev.dynsolo.model.api.Rle;
import dev.dynsolo.model.api.Segmentation;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.api.Thresholds;
import dev.dynsolo.model.bundle.LoadedBundle;
import dev.dynsolo.model.bundle.ModelCard;
import dev.dynsolo.model.bundle.ServingSignature;
import dev.dynsolo.model.config.InputConfig;
import dev.dynsolo.model.config.InputResize;
import dev.dynsolo.model.config.NmsKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * A {@link Segmenter} over a SavedModel bundle. One {@code Session.run} per batch of equal-size
 * inputs (keep-ratio models get each frame size's own input size, so a mixed batch runs as one
 * call per size); every tensor fed or fetched is closed before the call returns, so native memory
 * stays flat.
 */
public final class TfSegmenter implements Segmenter {
  private final LoadedBundle bundle;
  private final Session session;
  private final ServingSignature signature;
  private final ModelCard card;
  private final InputConfig input;
  private final boolean keepRatio;
  private final int stride;
  private final MaskMapper letterboxMapper;
  private final byte[] padColour;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Thresholds thresholds;

  TfSegmenter(LoadedBundle bundle) {
    this.bundle = bundle;
    this.session = bundle.savedModel().session();
    this.signature = bundle.signature();
    this.card = bundle.card();
    this.input = card.input();
    this.keepRatio = input.resize() == InputResize.KEEP_RATIO;
    this.stride = card.maskStride();
    this.letterboxMapper = keepRatio ? null
        : new MaskMapper(input.width() / stride, input.height() / stride, input.width(), input.height());
    this.padColour = new byte[3];
    for (int c = 0; c < 3; c++) {
      padColour[c] = (byte) Math.round(input.mean().get(c));
    }
    this.thresholds = Thresholds.of(card.postProcess());
  }

  @Override
  public ModelInfo info() {
    return new ModelInfo(card.preset(), card.classNames(), input.width(), input.height(),
        card.postProcess().maxDetections(), thresholds, bundle.precision());
  }

  @Override
  public void setThresholds(Thresholds newThresholds) {
    this.thresholds = newThresholds;
  }

  @Override
  public LetterboxedImage prepare(RgbImage frame) {
    Letterbox box = input.place(frame.width(), frame.height());
    RgbImage image = keepRatio
        ? OpenCvResize.linear(frame, box.scaledWidth(), box.scaledHeight())
        : ImageResizer.letterbox(frame, box, padColour);
    return new LetterboxedImage(image, box);
  }

  @Override
  public List<Segmentation> segmentLetterboxed(List<LetterboxedImage> inputs) {
    if (closed.get()) {
      throw new IllegalStateException("segmenter is closed");
    }
    Thresholds th = thresholds;
    Map<List<Integer>, List<Integer>> bySize = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      RgbImage image = inputs.get(i).input();
      checkSize(image);
      bySize.computeIfAbsent(List.of(image.width(), image.height()), k -> new ArrayList<>()).add(i);
    }
    Segmentation[] out = new Segmentation[inputs.size()];
    for (List<Integer> group : bySize.values()) {
      RawDetections raw = run(inputs, group, th);
      for (int j = 0; j < group.size(); j++) {
        out[group.get(j)] = toSegmentation(raw, j, inputs.get(group.get(j)).letterbox(), th);
      }
    }
    return Arrays.asList(out);
  }

  private void checkSize(RgbImage image) {
    if (!keepRatio && (image.width() != input.width() || image.height() != input.height())) {
      throw new IllegalArgumentException("letterboxed input is " + image.width() + "x" + image.height()
          + ", the model takes " + input.width() + "x" + input.height());
    }
  }

  /** Outputs copied to the heap; masks are [batch, k, maskHeight, maskWidth]. */
  private record RawDetections(float[] scores, int[] classes, float[] masks, int[] count, int k, int maskHeight,
      int maskWidth) {}

  private RawDetections run(List<LetterboxedImage> inputs, List<Integer> group, Thresholds th) {
    int batch = group.size();
    RgbImage first = inputs.get(group.get(0)).input();
    int width = first.width();
    int height = first.height();
    int frameBytes = width * height * 3;
    byte[] pixels = new byte[batch * frameBytes];
    for (int i = 0; i < batch; i++) {
      System.arraycopy(inputs.get(group.get(i)).input().pixels(), 0, pixels, i * frameBytes, frameBytes);
    }
    List<Tensor> feeds = new ArrayList<>();
    try {
      TUint8 images = TUint8.tensorOf(Shape.of(batch, height, width, 3), DataBuffers.of(pixels, true, false));
      feeds.add(images);
      Session.Runner runner = session.runner().feed(signature.images(), images);
      feedScalar(runner, feeds, signature.scoreThreshold(), th.score());
      feedScalar(runner, feeds, signature.maskThreshold(), th.mask());
      feedScalar(runner, feeds, signature.updateThreshold(), th.update());
      feedScalar(runner, feeds, signature.nmsSigma(), th.sigma());
      feedScalar(runner, feeds, signature.nmsLinear(), th.kernel() == NmsKernel.LINEAR ? 1f : 0f);
      runner.fetch(signature.scores()).fetch(signature.classes()).fetch(signature.masks()).fetch(signature.count());
      try (Result result = runner.run()) {
        TFloat32 scores = (TFloat32) result.get(0);
        TInt32 classes = (TInt32) result.get(1);
        TFloat32 masks = (TFloat32) result.get(2);
        TInt32 count = (TInt32) result.get(3);
        int k = (int) scores.shape().get(1);
        float[] s = new float[batch * k];
        int[] c = new int[batch * k];
        float[] m = new float[(int) masks.shape().size()];
        int[] n = new int[batch];
        scores.copyTo(DataBuffers.of(s, false, false));
        classes.copyTo(DataBuffers.of(c, false, false));
        masks.copyTo(DataBuffers.of(m, false, false));
        count.copyTo(DataBuffers.of(n, false, false));
        return new RawDetections(s, c, m, n, k, (int) masks.shape().get(2), (int) masks.shape().get(3));
      }
    } finally {
      feeds.forEach(Tensor::close);
    }
  }

  private static void feedScalar(Session.Runner runner, List<Tensor> feeds, Optional<String> name, float value) {
    if (name.isPresent()) {
      TFloat32 t = TFloat32.scalarOf(value);
      feeds.add(t);
      runner.feed(name.get(), t);
    }
  }

  private Segmentation toSegmentation(RawDetections raw, int image, Letterbox box, Thresholds th) {
    List<Instance> instances = new ArrayList<>();
    int maskSize = raw.maskWidth() * raw.maskHeight();
    KeepRatioMaskMapper keepRatioMapper = keepRatio
        ? new KeepRatioMaskMapper(box, raw.maskWidth(), raw.maskHeight(), stride) : null;
    int n = Math.min(raw.count()[image], raw.k());
    for (int j = 0; j < n; j++) {
      int slot = image * raw.k() + j;
      float score = raw.scores()[slot];
      if (score < th.update() || score <= 0) {
        continue; // bundles without threshold inputs are filtered here
      }
      Rle mask = keepRatio
          ? keepRatioMapper.toFrame(raw.masks(), slot * maskSize, th.mask())
          : letterboxMapper.toFrame(raw.masks(), slot * maskSize, box, th.mask());
      if (mask == null) {
        continue;
      }
      int classId = raw.classes()[slot];
      instances.add(new Instance(classId, className(classId), score, mask.boundingBox(), mask));
    }
    return new Segmentation(box.frameWidth(), box.frameHeight(), instances);
  }

  private String className(int classId) {
    List<String> names = card.classNames();
    return classId >= 0 && classId < names.size() ? names.get(classId) : "class_" + classId;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      bundle.close();
    }
  }
}

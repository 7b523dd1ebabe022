package dev.dynsolo.model.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.config.ConvKind;
import dev.dynsolo.model.weights.NpzReader;
import dev.dynsolo.model.weights.SessionWeights;
import dev.dynsolo.model.weights.WeightImport;
import dev.dynsolo.model.weights.WeightSet;
import dev.dynsolo.model.weights.WeightTensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The grouped layers of the authors' ResNeXt DCN (SOLOv2_X101_DCN: 64 groups in every
 * bottleneck's 3x3 convolution, DCNv2 in stages 2-4) against their own modules, as an imported
 * checkpoint fills them. {@code oracle-dcn/grouped_layers.npz} was made in a scratch directory
 * with the authors' {@code ModulatedDeformConvPack} (WXinlong/SOLO f4cd03b, mmcv's CPU port of
 * its CUDA kernels standing in, as for {@code AuthorsDcnTest}) at 16 -> 24 channels in 4 groups,
 * stride 1 and 2, offsets of spread 1.7 pixels, and a grouped {@code torch.nn.Conv2d}: input,
 * OIHW weights, the offset convolution, and outputs.
 */
class AuthorsGroupedLayersTest {
  private static final Map<String, WeightTensor> REF =
      NpzReader.readAll(Path.of("src/test/resources/oracle-dcn/grouped_layers.npz"));
  private static final int GROUPS = 4;

  @Test
  void groupedConvolutionIsTorchs() {
    WeightSet weights = new WeightSet();
    weights.put("g.weight", WeightImport.oihwToHwio(REF.get("conv_weight")));
    assertClose(REF.get("conv_out"), run(weights, ConvKind.PLAIN, "g", 1));
  }

  @Test
  void groupedModulatedDeformableConvolutionIsTheAuthors() {
    for (int stride : new int[] {1, 2}) {
      String p = "dcn_s" + stride + "_";
      WeightSet weights = new WeightSet();
      weights.put("d.weight", WeightImport.oihwToHwio(REF.get(p + "weight")));
      weights.put("d.conv_offset.weight", WeightImport.oihwToHwio(REF.get(p + "offset_weight")));
      weights.put("d.conv_offset.bias", REF.get(p + "offset_bias"));
      assertClose(REF.get(p + "out"), run(weights, ConvKind.MODULATED, "d", stride));
    }
  }

  /** The bf16 signature's grouped matmul (a batched bfloat16 product) stays within bfloat16 rounding. */
  @Test
  void groupedDeformableConvolutionInBfloat16StaysNear() {
    String p = "dcn_s1_";
    WeightSet weights = new WeightSet();
    weights.put("d.weight", WeightImport.oihwToHwio(REF.get(p + "weight")));
    weights.put("d.conv_offset.weight", WeightImport.oihwToHwio(REF.get(p + "offset_weight")));
    weights.put("d.conv_offset.bias", REF.get(p + "offset_bias"));
    float[] expected = nhwc(REF.get(p + "out"));
    float[] ours = run(weights, ConvKind.MODULATED, "d", 1, true).values();
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(expected[i] - ours[i]));
    }
    assertTrue(worst > 0 && worst < 0.02 * scale, "bf16 differs by " + worst + " on values up to " + scale);
  }

  private static WeightTensor run(WeightSet weights, ConvKind kind, String name, int stride) {
    return run(weights, kind, name, stride, false);
  }

  /** Builds one 3x3 convolution of the kind with {@link Layers}, fills it and runs it on the fixture's input. */
  private static WeightTensor run(WeightSet weights, ConvKind kind, String name, int stride, boolean bf16) {
    WeightTensor x = REF.get("x");
    long[] s = x.shape();
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 0);
      Layers plain = new Layers(tf, store, BuildMode.INFERENCE);
      Layers layers = bf16 ? plain.withBf16Convolutions() : plain;
      Operand<TFloat32> input = tf.constant(Shape.of(s[0], s[2], s[3], s[1]),
          DataBuffers.of(nhwc(x), true, false));
      Operand<TFloat32> y = layers.convIn(kind, GROUPS, name, input, (int) s[1], 24, 3, stride, false, Init.heNormal());
      SessionWeights.assign(graph, session, store.all(), weights);
      try (Result result = session.runner().fetch(y).run()) {
        TFloat32 t = (TFloat32) result.get(0);
        float[] values = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(values, false, false));
        return new WeightTensor(t.shape().asArray(), values);
      }
    }
  }

  private static float[] nhwc(WeightTensor t) {
    long[] r = t.shape();
    int c = (int) r[1];
    int hw = (int) (r[2] * r[3]);
    float[] out = new float[c * hw];
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < hw; i++) {
        out[i * c + ch] = t.values()[ch * hw + i];
      }
    }
    return out;
  }

  /** Ours NHWC against the reference NCHW, within 1e-4 x max(1, |ref|). */
  private static void assertClose(WeightTensor ref, WeightTensor ours) {
    long[] r = ref.shape();
    assertArrayEquals(new long[] {r[0], r[2], r[3], r[1]}, ours.shape(), "shape");
    float[] expected = nhwc(ref);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], ours.values()[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "at " + i);
    }
  }
}

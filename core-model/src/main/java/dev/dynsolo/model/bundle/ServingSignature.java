package dev.dynsolo.model.bundle;

import dev.dynsolo.model.graph.SignatureNames;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The tensor names behind a bundle's serving signature, checked against the model contract:
 * a uint8 [B, H, W, 3] {@code images} input and {@code scores}, {@code classes}, {@code masks},
 * {@code count} outputs. Threshold inputs are optional (bundles made elsewhere may lack them).
 */
public record ServingSignature(
    String images, Optional<String> scoreThreshold, Optional<String> maskThreshold,
    Optional<String> updateThreshold, Optional<String> nmsSigma, Optional<String> nmsLinear,
    String scores, String classes, String masks, String count) {

  static ServingSignature from(SignatureDef def, org.tensorflow.ndarray.Shape expected, String where) {
    Map<String, TensorInfo> in = def.getInputsMap();
    Map<String, TensorInfo> out = def.getOutputsMap();
    TensorInfo images = in.get(SignatureNames.IMAGES);
    if (images == null) {
      throw new BundleException(where + ": serving signature has no '" + SignatureNames.IMAGES + "' input (has "
          + in.keySet() + ")");
    }
    if (images.getDtype() != org.tensorflow.proto.DataType.DT_UINT8) {
      throw new BundleException(where + ": input 'images' must be uint8, is " + images.getDtype());
    }
    TensorShapeProto shape = images.getTensorShape();
    if (shape.getDimCount() != 4 || shape.getDim(1).getSize() != expected.size(1)
        || shape.getDim(2).getSize() != expected.size(2) || shape.getDim(3).getSize() != 3) {
      throw new BundleException(where + ": input 'images' must be " + expected.toString().replace("-1", "?")
          + " as model.json's input says, is " + dims(shape));
    }
    for (String name : new String[] {SignatureNames.SCORES, SignatureNames.CLASSES, SignatureNames.MASKS,
        SignatureNames.COUNT}) {
      if (!out.containsKey(name)) {
        throw new BundleException(where + ": serving signature has no '" + name + "' output (has " + out.keySet() + ")");
      }
    }
    return new ServingSignature(images.getName(),
        optional(in, SignatureNames.SCORE_THRESHOLD), optional(in, SignatureNames.MASK_THRESHOLD),
        optional(in, SignatureNames.UPDATE_THRESHOLD), optional(in, SignatureNames.NMS_SIGMA),
        optional(in, SignatureNames.NMS_LINEAR),
        out.get(SignatureNames.SCORES).getName(), out.get(SignatureNames.CLASSES).getName(),
        out.get(SignatureNames.MASKS).getName(), out.get(SignatureNames.COUNT).getName());
  }

  private static Optional<String> optional(Map<String, TensorInfo> in, String name) {
    return Optional.ofNullable(in.get(name)).map(TensorInfo::getName);
  }

  private static String dims(TensorShapeProto shape) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < shape.getDimCount(); i++) {
      s.append(i > 0 ? ", " : "").append(shape.getDim(i).getSize());
    }
    return s.append("]").toString();
  }
}

package dev.dynsolo.model.postprocess;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The serving outputs, padded to K = maxDetections per image, best first.
 *
 * @param scores [B, K], 0 where padded
 * @param classes [B, K] contiguous class ids, -1 where padded
 * @param masks [B, K, H/s, W/s] (s the mask stride) mask probabilities, 0 where padded
 * @param count [B] number of real detections
 */
public record Detections(
    Operand<TFloat32> scores, Operand<TInt32> classes, Operand<TFloat32> masks, Operand<TInt32> count) {}

package dev.dynsolo.model.postprocess;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Post-processing settings as graph scalars, so a bundle's defaults can be overridden per call.
 *
 * @param score category score threshold
 * @param mask mask probability threshold
 * @param update Matrix NMS update threshold
 * @param sigma gaussian sigma
 * @param linearKernel 1 for the linear kernel, 0 for gaussian
 */
public record RuntimeThresholds(
    Operand<TFloat32> score, Operand<TFloat32> mask, Operand<TFloat32> update, Operand<TFloat32> sigma,
    Operand<TFloat32> linearKernel) {}

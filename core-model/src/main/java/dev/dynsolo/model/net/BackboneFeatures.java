package dev.dynsolo.model.net;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * What the backbone hands on: its stride-2 stem (conv1 + norm + ReLU, before the max pool), which
 * a stride-2 mask feature joins for sharper edges, and the stage outputs C2..C5, as float32 and as
 * computed (bfloat16 in a bf16 graph), which the FPN takes without a cast back and forth.
 */
record BackboneFeatures(Operand<TFloat32> stem, List<Operand<TFloat32>> stages,
    List<Operand<? extends TNumber>> computedStages) {}

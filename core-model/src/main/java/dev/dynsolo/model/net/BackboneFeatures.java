package dev.dynsolo.model.net;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What the backbone hands on: its stride-2 stem (conv1 + norm + ReLU, before the max pool), which
 * a stride-2 mask feature joins for sharper edges, and the stage outputs C2..C5 for the FPN.
 */
record BackboneFeatures(Operand<TFloat32> stem, List<Operand<TFloat32>> stages) {}

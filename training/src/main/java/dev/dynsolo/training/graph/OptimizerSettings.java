package dev.dynsolo.training.graph;

import java.util.List;

/**
 * Optimiser settings.
 *
 * @param kind SGD or Adam
 * @param momentum SGD momentum (0.9)
 * @param weightDecay L2 weight decay added to every gradient (1e-4)
 * @param clipNorm global gradient norm limit (35), 0 for none
 * @param frozenPrefixes variables whose names start with one of these are not trained (frozen stages)
 */
public record OptimizerSettings(OptimizerKind kind, float momentum, float weightDecay, float clipNorm,
    List<String> frozenPrefixes) {

  public static final OptimizerSettings REFERENCE = new OptimizerSettings(OptimizerKind.SGD, 0.9f, 1e-4f, 35f, List.of());

  public OptimizerSettings {
    if (kind == null) {
      throw new IllegalArgumentException("optimizer must be sgd or adam");
    }
    if (momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("optimizer.momentum must be in [0, 1), got " + momentum);
    }
    if (weightDecay < 0 || clipNorm < 0) {
      throw new IllegalArgumentException("optimizer.weightDecay and clipNorm must be >= 0");
    }
    frozenPrefixes = List.copyOf(frozenPrefixes);
  }

  /** Prefixes that freeze the stem and the first {@code stages} ResNet stages. */
  public static List<String> frozenBackboneStages(int stages) {
    List<String> prefixes = new java.util.ArrayList<>();
    if (stages >= 1) {
      prefixes.add("backbone.conv1.");
      prefixes.add("backbone.bn1.");
    }
    for (int s = 1; s < stages; s++) {
      prefixes.add("backbone.layer" + s + ".");
    }
    return prefixes;
  }
}

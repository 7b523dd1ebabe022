package dev.dynsolo.training.graph;

/** The optimiser: SGD with momentum (the reference) or Adam. */
public enum OptimizerKind {
  SGD,
  ADAM
}

package dev.dynsolo.training.shapes;

/** The classes of the synthetic shapes dataset. */
public enum ShapeKind {
  CIRCLE,
  SQUARE,
  TRIANGLE;

  public String label() {
    return name().toLowerCase();
  }
}

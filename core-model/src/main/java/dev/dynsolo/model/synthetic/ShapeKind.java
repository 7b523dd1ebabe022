package dev.dynsolo.model.synthetic;

/** The classes of the synthetic shapes dataset. */
public enum ShapeKind {
  CIRCLE,
  SQUARE,
  TRIANGLE;

  public String label() {
    return name().toLowerCase();
  }
}

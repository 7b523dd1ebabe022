package dev.dynsolo.model.api;

/** An axis-aligned box in frame pixels: x0, y0 inclusive, x1, y1 exclusive. */
public record Box(int x0, int y0, int x1, int y1) {

  public int width() {
    return x1 - x0;
  }

  public int height() {
    return y1 - y0;
  }
}

package dev.dynsolo.stream.overlay;

import java.awt.Color;

/** A stable, well-separated colour per class id (golden-angle hues), same in every frame and stream. */
public final class ClassColours {
  private ClassColours() {}

  public static Color of(int classId) {
    float hue = (float) ((classId * 0.618033988749895) % 1.0);
    return Color.getHSBColor(hue, 0.85f, 0.95f);
  }

  /** The colour as 0xRRGGBB. */
  public static int rgb(int classId) {
    return of(classId).getRGB() & 0xffffff;
  }
}

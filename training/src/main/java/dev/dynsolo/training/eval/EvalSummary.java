package dev.dynsolo.training.eval;

import java.util.List;

/**
 * The 12 numbers of the COCO summary, in pycocotools order: AP, AP50, AP75, AP small/medium/large
 * (100 detections), AR at 1/10/100 detections, AR small/medium/large. -1 where undefined.
 */
public record EvalSummary(double ap, double ap50, double ap75, double apSmall, double apMedium, double apLarge,
    double ar1, double ar10, double ar100, double arSmall, double arMedium, double arLarge) {

  public List<Double> values() {
    return List.of(ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium, arLarge);
  }

  /** The 12 lines pycocotools prints. */
  public String format() {
    String[] labels = {
      " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = ",
      " Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = ",
      " Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ] = ",
      " Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = ",
      " Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = ",
      " Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = ",
      " Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = ",
      " Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 10 ] = ",
      " Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = ",
      " Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = ",
      " Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ] = ",
      " Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = ",
    };
    StringBuilder s = new StringBuilder();
    List<Double> v = values();
    for (int i = 0; i < labels.length; i++) {
      s.append(labels[i]).append(String.format("%.3f", v.get(i))).append('\n');
    }
    return s.toString();
  }
}

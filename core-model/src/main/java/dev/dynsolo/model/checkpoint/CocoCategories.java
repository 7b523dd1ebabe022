package dev.dynsolo.model.checkpoint;

import java.util.List;
import java.util.Optional;

/**
 * The 80 COCO object categories in the order the authors' models index them (label 0..79), and
 * their real COCO category ids (1..90 with gaps), so detections can be written in a form any COCO
 * tool reads. mmdetection 1.x spells names with underscores ({@code traffic_light}); both
 * spellings are recognised.
 */
public final class CocoCategories {
  public static final List<String> NAMES = List.of(
      "person",
      "bicycle",
      "car",
      "motorcycle",
      "airplane",
      "bus",
      "train",
      "truck",
      "boat",
      "traffic light",
      "fire hydrant",
      "stop sign",
      "parking meter",
      "bench",
      "bird",
      "cat",
      "dog",
      "horse",
      "sheep",
      "cow",
      "elephant",
      "bear",
      "zebra",
      "giraffe",
      "backpack",
      "umbrella",
      "handbag",
      "tie",
      "suitcase",
      "frisbee",
      "skis",
      "snowboard",
      "sports ball",
      "kite",
      "baseball bat",
      "baseball glove",
      "skateboard",
      "surfboard",
      "tennis racket",
      "bottle",
      "wine glass",
      "cup",
      "fork",
      "knife",
      "spoon",
      "bowl",
      "banana",
      "apple",
      "sandwich",
      "orange",
      "broccoli",
      "carrot",
      "hot dog",
      "pizza",
      "donut",
      "cake",
      "chair",
      "couch",
      "potted plant",
      "bed",
      "dining table",
      "toilet",
      "tv",
      "laptop",
      "mouse",
      "remote",
      "keyboard",
      "cell phone",
      "microwave",
      "oven",
      "toaster",
      "sink",
      "refrigerator",
      "book",
      "clock",
      "vase",
      "scissors",
      "teddy bear",
      "hair drier",
      "toothbrush");

  public static final List<Integer> IDS = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 67, 70, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88, 89, 90);

  private CocoCategories() {}

  /**
   * The COCO ids for {@code classNames} when they are exactly the 80 COCO categories in the
   * authors' order (either spelling); empty otherwise.
   */
  public static Optional<List<Integer>> idsFor(List<String> classNames) {
    if (classNames.size() != NAMES.size()) {
      return Optional.empty();
    }
    for (int i = 0; i < NAMES.size(); i++) {
      if (!NAMES.get(i).equals(canonical(classNames.get(i)))) {
        return Optional.empty();
      }
    }
    return Optional.of(IDS);
  }

  /** A class name in COCO's own spelling (underscores become spaces). */
  public static String canonical(String name) {
    return name.replace('_', ' ');
  }
}

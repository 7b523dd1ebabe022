package dev.dynsolo.model.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.model.config.Presets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

class InferenceGraphTest {

  @Test
  void nanoGraphProducesPaddedOutputsOfTheContractShapes() {
    var config = Presets.get("nano", 3);
    try (Graph graph = new Graph()) {
      InferenceGraph inference = InferenceGraph.build(graph, config, 7);
      try (Session session = new Session(graph)) {
        byte[] pixels = new byte[2 * 256 * 256 * 3];
        new Random(1).nextBytes(pixels);
        try (TUint8 images = TUint8.tensorOf(Shape.of(2, 256, 256, 3), DataBuffers.of(pixels, true, false));
            Result result = session.runner()
                .feed(inference.images(), images)
                .feed(inference.thresholds().score(), TFloat32.scalarOf(0.0f))
                .fetch(inference.detections().scores())
                .fetch(inference.detections().classes())
                .fetch(inference.detections().masks())
                .fetch(inference.detections().count())
                .run()) {
          assertArrayEquals(new long[] {2, 100}, result.get(0).shape().asArray());
          assertArrayEquals(new long[] {2, 100}, result.get(1).shape().asArray());
          // nano's masks are at half the input size (mask stride 2), 128 x 128 for 256 x 256.
          assertArrayEquals(new long[] {2, 100, 128, 128}, result.get(2).shape().asArray());
          assertArrayEquals(new long[] {2}, result.get(3).shape().asArray());
          TInt32 count = (TInt32) result.get(3);
          System.out.println("count " + count.getInt(0) + " " + count.getInt(1));
          TFloat32 scores = (TFloat32) result.get(0);
          for (int i = 1; i < 100; i++) {
            assertTrue(scores.getFloat(0, i) <= scores.getFloat(0, i - 1));
          }
        }
      }
    }
  }
}

package dev.dynsolo.stream.track.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our HOTA, MOTA, IDF1 and identity switches against TrackEval's on the same files.
 *
 * <p>{@code src/test/resources/tracking/} holds what {@code benchmarks/run-tracking 300} wrote: the
 * synthetic scene's ground truth and the demo model + ByteTracker output (mask+box and box-only),
 * for the demo scene and a heavily occluded one. {@code trackeval-scores.json} is TrackEval's
 * result on exactly those files: JonathonLuiten/TrackEval (commit 12c8791) run in a scratch
 * directory outside this project with numpy 2.4.6 and scipy 1.17.1 from the pip mirror, through
 * its MotChallenge2DBox dataset (benchmark MOT17, SKIP_SPLIT_FOL, one sequence per scene with its
 * seqinfo.ini) and its HOTA, CLEAR and Identity metrics; HOTA, DetA and AssA are the means over
 * the 19 thresholds. (TrackEval needs {@code np.float = float; np.int = int} on numpy 2.)
 */
class TrackingMetricsTest {
  private static final Path DATA = Path.of("src/test/resources/tracking");

  @Test
  void equalToTrackEvalOnTheSameFiles() throws Exception {
    JsonNode reference = new ObjectMapper().readTree(DATA.resolve("trackeval-scores.json").toFile());
    int checked = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = reference.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String[] sceneAndCues = e.getKey().split("/");
      JsonNode ref = e.getValue();
      TrackingScores ours = TrackingMetrics.evaluate(MotFiles.read(DATA.resolve(sceneAndCues[0]).resolve("gt.txt")),
          MotFiles.read(DATA.resolve(sceneAndCues[0]).resolve(sceneAndCues[1] + ".txt")), ref.get("frames").asInt());
      String what = e.getKey() + ": " + ours;
      assertEquals(ref.get("HOTA").asDouble(), ours.hota(), 1e-9, what);
      assertEquals(ref.get("DetA").asDouble(), ours.detA(), 1e-9, what);
      assertEquals(ref.get("AssA").asDouble(), ours.assA(), 1e-9, what);
      assertEquals(ref.get("MOTA").asDouble(), ours.mota(), 1e-9, what);
      assertEquals(ref.get("IDF1").asDouble(), ours.idf1(), 1e-9, what);
      assertEquals(ref.get("IDSW").asLong(), ours.idSwitches(), what);
      assertEquals(ref.get("TP").asLong(), ours.truePositives(), what);
      assertEquals(ref.get("FN").asLong(), ours.falseNegatives(), what);
      assertEquals(ref.get("FP").asLong(), ours.falsePositives(), what);
      checked++;
    }
    assertEquals(4, checked);
  }

  @Test
  void oneIdSwitchHalfwayCostsWhatTheDefinitionsSay() {
    List<MotRow> truth = new ArrayList<>();
    List<MotRow> tracks = new ArrayList<>();
    for (int f = 1; f <= 10; f++) {
      truth.add(new MotRow(f, 1, 10 * f, 10, 20, 20, 1));
      tracks.add(new MotRow(f, f <= 5 ? 7 : 8, 10 * f, 10, 20, 20, 0.9));
    }
    TrackingScores s = TrackingMetrics.evaluate(truth, tracks, 10);
    assertEquals(1, s.idSwitches());
    assertEquals(0.9, s.mota(), 1e-12, "(10 - 0 - 1) / 10");
    assertEquals(0.5, s.idf1(), 1e-12, "IDTP 5, IDFP 5, IDFN 5");
    assertEquals(1.0, s.detA(), 1e-12);
    assertEquals(0.5, s.assA(), 1e-12, "each matched pair's association IoU is 5 / (10 + 5 - 5)");
    assertEquals(Math.sqrt(0.5), s.hota(), 1e-12);
  }
}

package dev.dynsolo.stream.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dynsolo.model.api.Box;
import dev.dynsolo.stream.zone.ZoneEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Zone events in the events file: one line each, appended to what is there. */
class JsonLinesEventSinkTest {
  @TempDir Path dir;

  @Test
  void zoneEventsAreLinesOfTheirOwn() throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.writeString(file, "{\"earlier\":true}\n");
    JsonLinesEventSink sink = new JsonLinesEventSink(file.toString(), DetectionEvents.MaskFormat.RLE);
    sink.acceptZoneEvents("door", List.of(
        new ZoneEvent("e1", ZoneEvent.Kind.CROSS, "gate", "in", 12, "person", 0.87f, new Box(1, 2, 30, 40), 5_000_000,
            50, true),
        new ZoneEvent("e2", ZoneEvent.Kind.LEAVE, "hall", null, 9, "dog", 0, null, 5_000_000, 50, false)));
    sink.close();
    List<String> lines = Files.readAllLines(file);
    assertEquals(3, lines.size());
    JsonNode cross = new ObjectMapper().readTree(lines.get(1));
    assertEquals("zone", cross.get("type").asText());
    assertEquals("door", cross.get("source").asText());
    assertEquals("cross", cross.get("kind").asText());
    assertEquals("in", cross.get("direction").asText());
    assertEquals(12, cross.get("track").asLong());
    assertEquals(40, cross.get("box").get(3).asInt());
    assertEquals("e1", cross.get("id").asText());
    assertEquals("/api/snapshots/e1.jpg", cross.get("snapshot").asText());
    assertEquals("/api/snapshots/e1-crop.jpg", cross.get("crop").asText());
    JsonNode leave = new ObjectMapper().readTree(lines.get(2));
    assertEquals("leave", leave.get("kind").asText());
    assertEquals(false, leave.has("direction"));
    assertEquals(false, leave.has("snapshot"));
  }
}

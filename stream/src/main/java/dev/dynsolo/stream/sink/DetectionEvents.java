package dev.dynsolo.stream.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dynsolo.model.api.Box;
import dev.dynsolo.model.api.Instance;
import dev.dynsolo.stream.pipeline.AnnotatedFrame;
import dev.dynsolo.stream.zone.ZoneEvent;
import java.util.List;

/** The JSON form of a frame's detections, shared by event sinks and the live view. */
public final class DetectionEvents {
  /** How masks are written: COCO compressed RLE or polygons. */
  public enum MaskFormat {
    RLE,
    POLYGON
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DetectionEvents() {}

  /** A zone or line event: what happened where, to which track, in which frame. */
  public static ObjectNode toJson(String stream, ZoneEvent e) {
    ObjectNode event = MAPPER.createObjectNode();
    event.put("type", "zone");
    event.put("id", e.id());
    event.put("source", stream);
    event.put("sequence", e.sequence());
    event.put("timestampMicros", e.timestampMicros());
    event.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
    event.put("place", e.place());
    if (e.direction() != null) {
      event.put("direction", e.direction());
    }
    event.put("track", e.trackId());
    event.put("class", e.className());
    if (e.box() != null) {
      event.put("score", Math.round(e.score() * 1000) / 1000.0);
      Box b = e.box();
      event.putArray("box").add(b.x0()).add(b.y0()).add(b.x1()).add(b.y1());
    }
    if (e.snapshot()) {
      event.put("snapshot", "/api/snapshots/" + e.id() + ".jpg");
      event.put("crop", "/api/snapshots/" + e.id() + "-crop.jpg");
    }
    return event;
  }

  public static ObjectNode toJson(AnnotatedFrame f, MaskFormat format) {
    ObjectNode event = MAPPER.createObjectNode();
    event.put("source", f.frame().sourceId());
    event.put("sequence", f.frame().sequence());
    event.put("timestampMicros", f.frame().timestampMicros());
    event.put("width", f.segmentation().frameWidth());
    event.put("height", f.segmentation().frameHeight());
    event.put("inferenceMillis", Math.round(f.inferenceMillis() * 10) / 10.0);
    ArrayNode instances = event.putArray("instances");
    List<Instance> all = f.segmentation().instances();
    for (int k = 0; k < all.size(); k++) {
      Instance i = all.get(k);
      ObjectNode o = instances.addObject();
      if (f.trackId(k) >= 0) {
        o.put("track", f.trackId(k));
      }
      o.put("class", i.className());
      o.put("classId", i.classId());
      o.put("score", Math.round(i.score() * 1000) / 1000.0);
      Box b = i.box();
      o.putArray("box").add(b.x0()).add(b.y0()).add(b.x1()).add(b.y1());
      if (format == MaskFormat.RLE) {
        ObjectNode mask = o.putObject("mask");
        mask.putArray("size").add(i.mask().height()).add(i.mask().width());
        mask.put("counts", i.mask().toCocoString());
      } else {
        ArrayNode polygons = o.putArray("polygons");
        for (int[] polygon : i.polygons()) {
          ArrayNode p = polygons.addArray();
          for (int v : polygon) {
            p.add(v);
          }
        }
      }
    }
    return event;
  }
}

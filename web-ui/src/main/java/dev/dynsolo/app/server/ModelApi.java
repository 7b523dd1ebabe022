package dev.dynsolo.app.server;

import dev.dynsolo.app.config.ThresholdSection;
import dev.dynsolo.model.api.ModelInfo;
import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.api.Thresholds;
import dev.dynsolo.stream.hub.OverlayControl;
import dev.dynsolo.stream.overlay.ClassColours;
import dev.dynsolo.stream.overlay.OverlaySettings;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/model} (classes with their overlay colours, preset, input size, thresholds),
 * {@code /api/model/thresholds} (changed at run time) and {@code /api/overlay} (what the server draws).
 */
final class ModelApi {
  /** Body of {@code PUT /api/overlay}; a null keeps the current value. */
  record OverlayChange(Double maskOpacity, Boolean contours, Boolean labels, Boolean boxes, Float minScore,
      List<String> classes, Boolean stamp) {}

  private final OverlayControl hub;
  private final Segmenter segmenter;

  ModelApi(Segmenter segmenter, OverlayControl overlay) {
    this.hub = overlay;
    this.segmenter = segmenter;
  }

  void mount(Router router) {
    router.get("/api/model").handler(ctx -> Json.send(ctx, 200, model()));
    router.get("/api/model/thresholds").handler(ctx -> Json.send(ctx, 200, thresholds(segmenter.info().thresholds())));
    router.put("/api/model/thresholds").handler(this::changeThresholds);
    router.get("/api/overlay").handler(ctx -> Json.send(ctx, 200, hub.overlay()));
    router.put("/api/overlay").handler(this::changeOverlay);
  }

  private Map<String, Object> model() {
    ModelInfo info = segmenter.info();
    List<Map<String, Object>> classes = new ArrayList<>();
    for (int i = 0; i < info.classNames().size(); i++) {
      classes.add(Map.of("id", i, "name", info.classNames().get(i),
          "colour", String.format(Locale.ROOT, "#%06x", ClassColours.rgb(i))));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("preset", info.preset());
    body.put("classes", classes);
    body.put("inputWidth", info.inputWidth());
    body.put("inputHeight", info.inputHeight());
    body.put("maxDetections", info.maxDetections());
    body.put("precision", info.precision());
    body.put("thresholds", thresholds(info.thresholds()));
    return body;
  }

  private static Map<String, Object> thresholds(Thresholds t) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("score", t.score());
    body.put("mask", t.mask());
    body.put("update", t.update());
    body.put("kernel", t.kernel().name().toLowerCase(Locale.ROOT));
    body.put("sigma", t.sigma());
    return body;
  }

  private void changeThresholds(RoutingContext ctx) {
    try {
      ThresholdSection change = Json.body(ctx, ThresholdSection.class);
      Thresholds next = change.over(segmenter.info().thresholds());
      segmenter.setThresholds(next);
      Json.send(ctx, 200, thresholds(next));
    } catch (RuntimeException e) {
      Blocking.fail(ctx, e);
    }
  }

  private void changeOverlay(RoutingContext ctx) {
    try {
      OverlayChange c = Json.body(ctx, OverlayChange.class);
      OverlaySettings o = hub.overlay();
      float minScore = c.minScore() == null ? o.minScore() : c.minScore();
      Set<String> classes = c.classes() == null ? o.classes() : Set.copyOf(c.classes());
      OverlaySettings next = new OverlaySettings(c.maskOpacity() == null ? o.maskOpacity() : c.maskOpacity(),
          c.contours() == null ? o.contours() : c.contours(), c.labels() == null ? o.labels() : c.labels(),
          c.boxes() == null ? o.boxes() : c.boxes(), minScore, classes, c.stamp() == null ? o.stamp() : c.stamp());
      hub.setOverlay(next);
      Json.send(ctx, 200, next);
    } catch (RuntimeException e) {
      Blocking.fail(ctx, e);
    }
  }
}

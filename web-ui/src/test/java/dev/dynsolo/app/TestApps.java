package dev.dynsolo.app;

import dev.dynsolo.app.config.AppConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Starts the real application (committed demo model, demo stream) on a free loopback port. */
public final class TestApps {
  /** The committed demo bundle, seen from the web-ui module. */
  public static final String DEMO_MODEL = Path.of("..", "models", "demo").toString();

  private TestApps() {}

  public static Application demo(Path recordings, Map<String, Object> server) {
    Map<String, Object> serverSection = new HashMap<>(server);
    serverSection.put("port", 0);
    AppConfig config = AppConfig.defaultsWith(Map.of(
        "model", Map.of("bundle", DEMO_MODEL),
        "server", serverSection,
        "recording", Map.of("directory", recordings.toString(), "segmentSeconds", 0),
        "events", Map.of("snapshots", recordings.resolveSibling("snapshots").toString(),
            "outbox", recordings.resolveSibling("outbox").toString()),
        "streams", List.of(Map.of("name", "demo", "source", "demo"))));
    return Application.start(config);
  }

  public static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** What FFmpeg decodes from a video file: its frame count and width. */
  public record DecodedVideo(int frames, int width) {}

  /** Decodes every frame of a video with FFmpeg: the proof that a recording is playable. */
  public static DecodedVideo decode(Path video) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
      grabber.start();
      int frames = 0;
      while (grabber.grabImage() != null) {
        frames++;
      }
      return new DecodedVideo(frames, grabber.getImageWidth());
    }
  }
}

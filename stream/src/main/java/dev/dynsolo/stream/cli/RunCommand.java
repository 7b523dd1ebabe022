package dev.dynsolo.stream.cli;

import dev.dynsolo.model.api.Segmenter;
import dev.dynsolo.model.runtime.RuntimeOptions;
import dev.dynsolo.model.serving.Segmenters;
import dev.dynsolo.stream.overlay.OverlaySettings;
import dev.dynsolo.stream.pipeline.PipelineSettings;
import dev.dynsolo.stream.sink.DetectionEvents;
import dev.dynsolo.stream.sink.JsonLinesEventSink;
import dev.dynsolo.stream.source.FramePolicy;
import dev.dynsolo.stream.source.FrameSource;
import dev.dynsolo.stream.source.FrameSources;
import dev.dynsolo.stream.source.SourceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the pipeline without a web server. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Segment one or more sources headless: annotated recordings and JSON-line detection events."
        + " Ends at the end of the files, after --duration, or on Ctrl-C, with everything finalised.")
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--source", required = true, paramLabel = "[NAME=]SOURCE",
      description = "demo, a video file, an image or folder, rtsp://..., http(s)://... or /dev/videoN; repeatable.")
  List<String> sources;

  @Option(names = "--model", defaultValue = "models/demo", description = "Model bundle (default ${DEFAULT-VALUE}).")
  Path model;

  @Option(names = "--record", description = "Write annotated MP4 recordings (H.264) into this directory.")
  Path record;

  @Option(names = "--segment-seconds", defaultValue = "300", description = "Recording segment length (default ${DEFAULT-VALUE}).")
  double segmentSeconds;

  @Option(names = "--events", description = "Write one JSON line per frame to this file, or - for standard output.")
  String events;

  @Option(names = "--mask-format", defaultValue = "rle", description = "Masks in events: rle or polygon.")
  String maskFormat;

  @Option(names = "--batch", defaultValue = "4", description = "Most frames per inference call (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--max-wait-ms", defaultValue = "50", description = "Longest wait for a batch to fill (default ${DEFAULT-VALUE}).")
  long maxWaitMs;

  @Option(names = "--every-nth", defaultValue = "1", description = "Files: process every n-th frame.")
  int everyNth;

  @Option(names = "--target-fps", defaultValue = "0", description = "Frames per second to keep per source (0 = all).")
  double targetFps;

  @Option(names = "--rtsp-transport", defaultValue = "tcp", description = "tcp or udp.")
  String rtspTransport;

  @Option(names = "--policy", defaultValue = "auto",
      description = "auto (live: newest frame; files: every frame), latest (files play in real time, dropping)"
          + " or lossless (files only).")
  String policy;

  @Option(names = "--duration", defaultValue = "0", description = "Stop after this many seconds (0 = until the sources end).")
  double durationSeconds;

  @Option(names = "--min-score", defaultValue = "0.1",
      description = "Do not draw instances below this score (default ${DEFAULT-VALUE}; events keep them all).")
  float minScore;

  @Override
  public Integer call() {
    DetectionEvents.MaskFormat format = parseFormat(maskFormat);
    List<FrameSource> opened = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      String text = sources.get(i);
      String name = text.equalsIgnoreCase("demo") ? "demo" : "s" + i;
      int eq = text.indexOf('=');
      if (eq > 0 && !text.substring(0, eq).contains("/") && !text.substring(0, eq).contains(":")) {
        name = text.substring(0, eq);
        text = text.substring(eq + 1);
      }
      SourceSpec spec = SourceSpec.parse(name, text).withEveryNth(everyNth).withTargetFps(targetFps)
          .withRtspTransport(rtspTransport).withPolicy(FramePolicy.parse(policy));
      opened.add(FrameSources.open(spec));
    }
    try (Segmenter segmenter = Segmenters.open(model, RuntimeOptions.defaults())) {
      StreamRun run = new StreamRun(opened, segmenter, new PipelineSettings(batch, Duration.ofMillis(maxWaitMs)),
          record, segmentSeconds, events == null ? null : new JsonLinesEventSink(events, format),
          new OverlaySettings(0.45, true, true, false, minScore, java.util.Set.of(), true),
          Duration.ofMillis((long) (durationSeconds * 1000)));
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        run.stop();
        try {
          finished.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        StreamRun.Summary summary = run.run();
        System.err.printf(Locale.ROOT, "processed %s; mean inference %.1f ms/frame in %s%s%n", summary.frames(),
            summary.meanInferenceMillis(), segmenter.info().precision(),
            summary.recordings().isEmpty() ? "" : "; recordings: " + summary.recordings());
      } finally {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it waits for the latch released above
        }
      }
    }
    return 0;
  }

  private static DetectionEvents.MaskFormat parseFormat(String text) {
    try {
      return DetectionEvents.MaskFormat.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--mask-format must be rle or polygon, got " + text);
    }
  }
}

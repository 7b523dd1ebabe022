package dev.dynsolo.stream.source;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Debian's gst-rtsp-server, driven by a small Python script, on 127.0.0.1 (installed by .ci/run). */
public final class RtspServer implements AutoCloseable {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private final int port;
  private Process process;

  public RtspServer(int port) {
    this.port = port;
  }

  public static int freePort() throws Exception {
    return dev.dynsolo.stream.LoopbackPorts.free();
  }

  /** Skips the calling test with a visible reason when the server's packages are absent. */
  public static void assumeAvailable() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PYTHON), "/usr/bin/python3 missing: RTSP test skipped");
    Process check = new ProcessBuilder(PYTHON.toString(), "-c",
        "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer")
        .redirectErrorStream(true).start();
    Assumptions.assumeTrue(check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0,
        "gst-rtsp-server (python3-gi, gir1.2-gst-rtsp-server-1.0) not installed: RTSP test skipped; .ci/run installs it");
  }

  public String url() {
    return "rtsp://127.0.0.1:" + port + "/test";
  }

  /** Starts the server (again, after {@link #kill()}) on its port; returns once it listens. */
  public void start() throws Exception {
    Path script = Files.createTempFile("rtsp_server", ".py");
    script.toFile().deleteOnExit();
    try (var in = RtspServer.class.getResourceAsStream("/rtsp_server.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    process = new ProcessBuilder(PYTHON.toString(), script.toString(), String.valueOf(port))
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"READY".equals(line)) {
      throw new IllegalStateException("RTSP server did not start: " + line);
    }
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // keep the pipe from filling
        }
      } catch (java.io.IOException ignored) {
        // process ended
      }
    });
    drain.setDaemon(true);
    drain.start();
  }

  public void kill() throws Exception {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  @Override
  public void close() throws Exception {
    kill();
  }
}

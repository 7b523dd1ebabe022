package dev.dynsolo.app.cli;

import dev.dynsolo.app.Application;
import dev.dynsolo.app.config.AppConfig;
import java.util.concurrent.CountDownLatch;

/** Runs the application until Ctrl-C (or a kill), then shuts it down in order before the JVM exits. */
final class ServerRun {
  private ServerRun() {}

  static int serveUntilStopped(AppConfig config, String access) {
    Application app = Application.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("stopping: finalising recordings");
      app.close();
      stopped.countDown();
    }, "shutdown"));
    System.out.println("dynsolo is serving " + app.url() + access + "  (Ctrl-C stops it)");
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}

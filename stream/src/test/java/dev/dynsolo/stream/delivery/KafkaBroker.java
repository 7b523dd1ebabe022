package dev.dynsolo.stream.delivery;

import dev.dynsolo.stream.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) inside the test JVM, on
 * fixed 127.0.0.1 ports and a log folder that outlive {@link #stop()}, so a stopped broker comes
 * back at the same address with its topics, as a restarted broker does.
 */
final class KafkaBroker implements AutoCloseable {
  private final Properties config = new Properties();
  private final int port;
  private KafkaRaftServer server;

  KafkaBroker(Path dir) throws IOException {
    port = LoopbackPorts.free();
    int controllerPort = LoopbackPorts.free();
    config.setProperty("process.roles", "broker,controller");
    config.setProperty("node.id", "1");
    config.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    config.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    config.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    config.setProperty("controller.listener.names", "CONTROLLER");
    config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.setProperty("log.dirs", dir.resolve("log").toString());
    config.setProperty("num.partitions", "2");
    config.setProperty("offsets.topic.replication.factor", "1");
    config.setProperty("transaction.state.log.replication.factor", "1");
    config.setProperty("transaction.state.log.min.isr", "1");
    config.setProperty("share.coordinator.state.topic.replication.factor", "1");
    config.setProperty("share.coordinator.state.topic.min.isr", "1");
    config.setProperty("group.initial.rebalance.delay.ms", "0");
    Files.createDirectories(dir);
    Path file = dir.resolve("server.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      config.store(out, "test broker");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()},
        new PrintStream(output, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IOException("formatting the broker's log folder failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  void start() {
    server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
    server.startup();
  }

  void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}

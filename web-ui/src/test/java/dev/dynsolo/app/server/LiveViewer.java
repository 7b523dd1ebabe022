package dev.dynsolo.app.server;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live-view client for tests: counts frames (JSON + JPEG pairs) and keeps the newest JSON;
 * reads as fast as it can, or never.
 */
final class LiveViewer implements WebSocket.Listener {
  final AtomicLong frames = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final boolean reads;
  volatile String lastMeta;
  private final StringBuilder text = new StringBuilder();

  LiveViewer(boolean reads) {
    this.reads = reads;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    if (reads) {
      webSocket.request(1);
    } // a stalled viewer never asks for anything: the server's writes back up in TCP
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      lastMeta = text.toString();
      text.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    bytes.addAndGet(data.remaining());
    if (last) {
      frames.incrementAndGet();
    }
    webSocket.request(1);
    return null;
  }
}

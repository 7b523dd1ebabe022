package dev.dynsolo.app.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.dynsolo.app.Application;
import dev.dynsolo.app.TestApps;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page served from another origin (another port on 127.0.0.1) in a real headless Chromium tries
 * what a malicious site would against the default server: a "simple" fetch POST that needs no
 * preflight, a JSON fetch POST, a form POST, reading the stream list, and opening a camera's live
 * view. Every attempt is refused, and the server's stream list is unchanged afterwards.
 */
class CrossSiteBrowserTest {
  @TempDir static Path dir;
  static Application app;
  static HttpServer attacker;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    browser = HeadlessChromium.start(dir.resolve("chromium-profile"));
    app = TestApps.demo(dir.resolve("recordings"), Map.of());
    String target = app.url().replaceAll("/$", "");
    String page = """
        <!doctype html><html><body><iframe name="sink" style="display:none"></iframe>
        <form id="f" method="POST" action="TARGET/api/streams" target="sink"
              enctype="text/plain"><input name='{"name":"form","source":"/etc/passwd","x":"' value='"}'></form>
        <script>
        const target = 'TARGET';
        const results = {};
        window.results = results;
        fetch(target + '/api/streams', {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'},
              body: JSON.stringify({name: 'simple', source: '/etc/passwd'})})
          .then(() => results.simple = 'sent').catch(() => results.simple = 'failed');
        fetch(target + '/api/streams', {method: 'POST', headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({name: 'json', source: '/etc/passwd'})})
          .then(r => results.json = 'status ' + r.status).catch(() => results.json = 'blocked');
        fetch(target + '/api/streams').then(r => r.text()).then(t => results.read = t)
          .catch(() => results.read = 'blocked');
        document.getElementById('f').submit();
        results.form = 'submitted';
        const ws = new WebSocket(target.replace('http', 'ws') + '/ws/streams/demo');
        ws.onopen = () => results.ws = 'open';
        ws.onerror = () => results.ws = results.ws || 'refused';
        ws.onclose = () => results.ws = results.ws || 'refused';
        </script></body></html>
        """.replace("TARGET", target);
    attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    attacker.createContext("/", exchange -> {
      byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    attacker.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (attacker != null) {
      attacker.stop(0);
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void anotherOriginCanNeitherDriveNorWatch() throws Exception {
    browser.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(browser.executeScript(
        "const r = window.results; return !!(r && r.simple && r.json && r.read && r.form && r.ws);")));
    @SuppressWarnings("unchecked")
    Map<String, Object> results = (Map<String, Object>) browser.executeScript("return window.results;");
    assertEquals("refused", results.get("ws"), "the live view must not open for another origin: " + results);
    assertEquals("blocked", results.get("read"), "no CORS: the page cannot read the stream list: " + results);
    assertTrue(!String.valueOf(results.get("json")).equals("status 201"), "JSON POST refused: " + results);
    Thread.sleep(500); // the form post lands in the hidden frame
    JsonNode streams = new Http(app.url(), null).get("/api/streams").json().get("streams");
    assertEquals(1, streams.size(), "only the demo stream: nothing was added by the page: " + streams);
    assertEquals("demo", streams.get(0).get("id").asText());
  }
}

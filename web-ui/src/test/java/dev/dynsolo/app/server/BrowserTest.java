package dev.dynsolo.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynsolo.app.Application;
import dev.dynsolo.app.TestApps;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI in a real headless Chromium against the real server and demo model: live frames with mask
 * colours, masks drawn in the browser with hover labels, adding and removing a stream, recording.
 */
class BrowserTest {
  @TempDir static Path dir;
  static Application app;
  static ChromeDriver browser;
  static String sampleScript;

  @BeforeAll
  static void start() throws Exception {
    try (InputStream in = BrowserTest.class.getResourceAsStream("/browser/sample-frame.js")) {
      sampleScript = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    browser = HeadlessChromium.start(dir.resolve("chromium-profile"));
    app = TestApps.demo(dir.resolve("recordings"), Map.of());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.close();
    }
  }

  @BeforeEach
  void openPage() throws Exception {
    // Opaque masks, no labels or stamp: every pixel deep inside an instance is its class colour.
    new Http(app.url(), null).send("PUT", "/api/overlay",
        "{\"maskOpacity\":1.0,\"labels\":false,\"stamp\":false,\"minScore\":0.2}");
    browser.get(app.url());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> sample(String stream) {
    return (Map<String, Object>) browser.executeScript(sampleScript, stream);
  }

  /** How many frames the stream's card has shown. */
  private long shownFrames(String stream) {
    Object n = browser.executeScript("const s = window.solo.streams[arguments[0]]; return s ? s.frames : 0;", stream);
    return ((Number) n).longValue();
  }

  private static long number(Map<String, Object> sample, String key) {
    return ((Number) sample.get(key)).longValue();
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(100));
  }

  /** Waits for a shown frame of the stream with instances above the overlay's threshold. */
  private Map<String, Object> frameWithInstances(String stream, long afterFrame) {
    return waiting().until(b -> {
      Map<String, Object> s = sample(stream);
      return s != null && number(s, "frames") > afterFrame && number(s, "points") > 20 ? s : null;
    });
  }

  @Test
  void thePageNamesTheModelAndThePrecisionItRunsIn() {
    waiting().until(b -> b.findElement(By.id("model-info")).getText().equals("model nano · 256×256 · 3 classes · fp32"));
  }

  @Test
  void theDemoStreamShowsChangingFramesCarryingMaskColours() {
    Map<String, Object> first = frameWithInstances("demo", 0);
    double share = (double) number(first, "coloured") / number(first, "points");
    assertTrue(share > 0.6, "points inside instances in their class colour: " + first);
    Map<String, Object> later = frameWithInstances("demo", number(first, "frames") + 5);
    assertNotEquals(first.get("fingerprint"), later.get("fingerprint"), "the pixels change from frame to frame");
    assertTrue((double) number(later, "coloured") / number(later, "points") > 0.6, later.toString());
  }

  @Test
  void masksDrawnInTheBrowserShowClassAndScoreOnHover() {
    long before = number(frameWithInstances("demo", 0), "frames");
    browser.findElement(By.id("browser-masks")).click();
    waiting().until(b -> {
      Map<String, Object> sample = sample("demo");
      boolean rawFrames = sample != null && "raw".equals(sample.get("view")) && number(sample, "frames") > before + 2;
      return rawFrames && sample.get("probe") != null ? sample : null;
    });
    // A new frame may replace the sampled one at any moment: look until a point inside an instance of
    // the frame is painted on the canvas (times out, and fails, if the browser draws no masks).
    waiting().until(b -> {
      Map<?, ?> point = pointOnCanvas(sample("demo"));
      return point != null && ((Number) point.get("alpha")).intValue() > 0;
    });
    WebElement canvas = browser.findElement(By.cssSelector("[data-stream=demo] canvas"));
    WebElement tip = browser.findElement(By.cssSelector("[data-stream=demo] .tip"));
    // The shapes move: point at an instance of the frame shown now until the tip names one.
    String label = waiting().until(b -> {
      Map<?, ?> point = pointOnCanvas(sample("demo"));
      if (point == null) {
        return null;
      }
      new Actions(browser).moveToElement(canvas, ((Number) point.get("x")).intValue(),
          ((Number) point.get("y")).intValue()).perform();
      // Read visibility and text together: the next frame may hide the tip between two reads.
      return (String) browser.executeScript(
          "const t = arguments[0]; return t.style.display === 'block' ? t.textContent : null;", tip);
    });
    assertTrue(label.matches("(#\\d+ )?(circle|square|triangle) \\d\\.\\d\\d"), "track id, class and score: " + label);
  }

  @Test
  void aZoneDrawnOnTheLiveViewIsSavedAndShowsItsLiveCount() throws Exception {
    frameWithInstances("demo", 0);
    WebElement card = browser.findElement(By.cssSelector("[data-stream=demo]"));
    WebElement canvas = card.findElement(By.cssSelector("canvas"));
    card.findElement(By.cssSelector("button.zone")).click();
    int w = canvas.getSize().getWidth();
    int h = canvas.getSize().getHeight();
    // Most of the frame: corners as offsets from the canvas centre, in CSS pixels.
    int[][] corners = {{-w * 45 / 100, -h * 45 / 100}, {w * 45 / 100, -h * 45 / 100}, {w * 45 / 100, h * 45 / 100},
        {-w * 45 / 100, h * 45 / 100}};
    for (int[] c : corners) {
      new Actions(browser).moveToElement(canvas, c[0], c[1]).click().perform();
    }
    card.findElement(By.cssSelector("button.zone")).click(); // Save zone
    Http http = new Http(app.url(), null);
    JsonNode zones = waiting().until(b -> {
      try {
        JsonNode z = http.get("/api/streams/demo/zones").json();
        return z.get("settings").get("zones").size() == 1 ? z : null;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    JsonNode zone = zones.get("settings").get("zones").get(0);
    assertEquals("zone-1", zone.get("name").asText());
    assertEquals(4, zone.get("points").size());
    double x0 = zone.get("points").get(0).get(0).asDouble();
    assertTrue(x0 > 0 && x0 < 640 * 0.1, "corners in frame pixels: " + zone);
    String status = waiting().until(b -> {
      String text = card.findElement(By.cssSelector(".status")).getText();
      return text.matches(".*zone-1: [1-9].*") ? text : null;
    });
    assertTrue(status.contains("zone-1"), status);

    card.findElement(By.cssSelector("button.line")).click();
    new Actions(browser).moveToElement(canvas, 0, -h * 40 / 100).click().perform();
    new Actions(browser).moveToElement(canvas, 0, h * 40 / 100).click().perform();
    JsonNode line = waiting().until(b -> {
      try {
        JsonNode lines = http.get("/api/streams/demo/zones").json().get("settings").get("lines");
        return lines.size() == 1 ? lines.get(0) : null;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    assertEquals("line-1", line.get("name").asText());
    assertTrue(line.get("from").get(1).asDouble() < line.get("to").get(1).asDouble(), "drawn top to bottom: " + line);
    waiting().until(b -> card.findElement(By.cssSelector(".status")).getText().contains("line-1: "));
    http.send("PUT", "/api/streams/demo/zones", "{\"zones\":[],\"lines\":[]}");
  }

  /**
   * A point deep inside an instance of the sampled frame: the canvas pixel there, and its offset from
   * the canvas centre in CSS pixels (what Actions moves to). Null if the sample has no such point.
   */
  private Map<?, ?> pointOnCanvas(Map<String, Object> sample) {
    Map<?, ?> probe = sample == null ? null : (Map<?, ?>) sample.get("probe");
    if (probe == null) {
      return null;
    }
    return (Map<?, ?>) browser.executeScript("""
        const canvas = window.solo.streams.demo.card.querySelector('canvas');
        if (arguments[0] >= canvas.width || arguments[1] >= canvas.height) return null;
        const px = canvas.getContext('2d').getImageData(arguments[0], arguments[1], 1, 1).data;
        const r = canvas.getBoundingClientRect();
        return {alpha: px[3], x: arguments[0] * r.width / canvas.width - r.width / 2,
                y: arguments[1] * r.height / canvas.height - r.height / 2};
        """, probe.get("x"), probe.get("y"));
  }

  @Test
  void aStreamAddedThroughTheUiAppearsAndCanBeRemoved() throws Exception {
    browser.findElement(By.name("name")).sendKeys("second");
    browser.findElement(By.name("source")).sendKeys("demo");
    browser.findElement(By.cssSelector("#add-stream button")).click();
    waiting().until(b -> {
      Map<String, Object> s = sample("second");
      return s != null && number(s, "frames") >= 3;
    });
    browser.findElement(By.cssSelector("[data-stream=second] .remove")).click();
    waiting().until(b -> b.findElements(By.cssSelector("[data-stream=second]")).isEmpty());
    assertEquals(1, new Http(app.url(), null).get("/api/streams").json().get("streams").size());

    browser.findElement(By.name("name")).sendKeys("broken");
    browser.findElement(By.name("source")).sendKeys("ftp://127.0.0.1/x");
    browser.findElement(By.cssSelector("#add-stream button")).click();
    waiting().until(b -> b.findElement(By.id("message")).getText().contains("unsupported source scheme"));
  }

  @Test
  void recordingStartedFromTheUiProducesAPlayableFile() throws Exception {
    frameWithInstances("demo", 0);
    WebElement record = browser.findElement(By.cssSelector("[data-stream=demo] .record"));
    record.click();
    waiting().until(b -> record.getText().equals("Stop recording"));
    long from = shownFrames("demo");
    waiting().until(b -> shownFrames("demo") > from + 15);
    record.click();
    waiting().until(b -> record.getText().equals("Record"));
    WebElement link = waiting().until(b -> b.findElements(By.cssSelector("#recordings a")).stream().findFirst().orElse(null));
    String href = link.getAttribute("href");
    Path file = dir.resolve("from-ui.mp4");
    Files.write(file, new Http(app.url(), null).bytes(href.substring(href.indexOf("/api/"))));
    TestApps.DecodedVideo video = TestApps.decode(file);
    assertTrue(video.frames() >= 10, "frames in the recording made from the UI: " + video);
  }
}

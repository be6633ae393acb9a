package io.parti.examples.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (headless Chromium through Selenium, Debian's {@code chromium} and
 * {@code chromium-driver}, which scripts/test installs): with two workers every partition shows exactly one owner; when
 * a third joins, each partition it takes over shows on the page as a hand-off within a second of the worker starting
 * it (the coordinator deploying the partition's verticle).
 */
class DashboardBrowserIT {

  private static final Path CHROMIUM = Path.of(System.getProperty("chromium.bin", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.bin", "/usr/bin/chromedriver"));

  @Test
  void everyPartitionShowsOneOwnerAndHandOffsShowWithinASecond(@TempDir Path logs) throws Exception {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as("Chromium and its driver (apt-get install -y chromium chromium-driver; scripts/test installs them)").isTrue();
    try (Demo demo = Demo.start(logs, 0)) {
      demo.startWorker("w1");
      demo.startWorker("w2");
      demo.startProducing(100);
      Demo.await("two workers settled", Duration.ofSeconds(90), demo::converged);
      WebDriver browser = browser();
      try {
        browser.get(demo.dashboardUrl());
        JavascriptExecutor page = (JavascriptExecutor) browser;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(owners(page)).hasSize(16)
            .allSatisfy((partition, owners) -> assertThat(owners).as(partition).hasSize(1)));

        demo.startWorker("w3");
        Map<String, Long> seenAt = new HashMap<>(); // hand-off (partition@at) -> when the page first showed it
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
          List<String> shown = handoffsTo(page, "w3");
          long now = System.currentTimeMillis(); // after the page answered: never earlier than it showed them
          for (String handoff : shown) {
            seenAt.putIfAbsent(handoff, now);
          }
          return demo.converged() && seenAt.size() == owners(page).values().stream().filter(o -> o.equals(List.of("w3"))).count()
              && seenAt.size() > 0;
        });
        System.out.println("hand-offs shown, ms after their start: " + seenAt.entrySet().stream()
            .map(e -> e.getValue() - Long.parseLong(e.getKey().substring(e.getKey().indexOf('@') + 1)) / 1000).sorted().toList());
        assertThat(seenAt).allSatisfy((handoff, shownAt) -> {
          long startedAt = Long.parseLong(handoff.substring(handoff.indexOf('@') + 1)) / 1000;
          assertThat(shownAt - startedAt).as("%s shown after its start, in ms", handoff).isLessThanOrEqualTo(1000);
        });
        assertThat(owners(page)).allSatisfy((partition, owners) -> assertThat(owners).as(partition).hasSize(1));
      } finally {
        browser.quit();
      }
    }
  }

  private static WebDriver browser() {
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  /** Each partition row of the grid, with the workers its owner cells name. */
  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> owners(JavascriptExecutor page) {
    return (Map<String, List<String>>) page.executeScript(
        "const rows = {}; for (const tr of document.querySelectorAll('#grid tbody tr')) {"
            + " rows[tr.dataset.partition] = tr.dataset.owners ? tr.dataset.owners.split(',') : []; } return rows;");
  }

  @SuppressWarnings("unchecked")
  private static List<String> handoffsTo(JavascriptExecutor page, String worker) {
    return (List<String>) page.executeScript("return [...document.querySelectorAll('li.handoff')]"
        + ".filter(li => li.dataset.to === arguments[0]).map(li => li.dataset.partition + '@' + li.dataset.at);", worker);
  }
}

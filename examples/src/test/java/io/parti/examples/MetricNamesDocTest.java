package io.parti.examples;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The operations guide lists exactly the meters the code registers: a renamed or added meter fails the build. */
class MetricNamesDocTest {

  @Test
  void everyDocumentedMeterExistsInTheCodeAndEveryMeterIsDocumented() throws Exception {
    assertThat(new TreeSet<>(MetricNames.documented())).isEqualTo(MetricNames.inCode());
    assertThat(MetricNames.documented()).doesNotHaveDuplicates();
  }

  /** The dashboard and the alert rules query only meters that exist, by their Prometheus names. */
  @Test
  void theDashboardAndTheAlertsUseOnlyDocumentedMeters() throws Exception {
    TreeSet<String> prometheusNames = new TreeSet<>();
    for (String name : MetricNames.documented()) {
      String base = MetricNames.prometheus(name);
      prometheusNames.add(base);
      for (String suffix : new String[] {"_total", "_seconds", "_seconds_total", "_seconds_count", "_seconds_sum", "_seconds_max"}) {
        prometheusNames.add(base + suffix);
      }
    }
    Pattern used = Pattern.compile("\\b(parti_[a-z_]+)");
    int queried = 0;
    for (String file : new String[] {"monitoring/grafana-dashboard.json", "monitoring/alerts.yml"}) {
      Matcher m = used.matcher(Files.readString(Path.of(file)));
      while (m.find()) {
        queried++;
        assertThat(prometheusNames).as("%s in %s", m.group(1), file).contains(m.group(1));
      }
    }
    assertThat(queried).isGreaterThan(30);
  }
}

package io.parti.vertx.impl.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImplausibleRecordTest {

  private static AssignmentRecord version(long version) {
    return new AssignmentRecord(version, 1, "worker-0", List.of("worker-0"), new TreeMap<>(), new TreeMap<>());
  }

  @Test
  void aVersionUpToTheJumpAboveTheKnownVersionOrTheRevisionIsTaken() {
    long jump = ImplausibleRecord.MAX_VERSION_JUMP;
    assertThatCode(() -> ImplausibleRecord.check(version(40 + jump), 12, 40)).doesNotThrowAnyException();
    assertThatCode(() -> ImplausibleRecord.check(version(500 + jump), 500, 40)).as("after deletes: the revision")
        .doesNotThrowAnyException();
  }

  @Test
  void aVersionFurtherAboveBothIsRefusedNamingWhy() {
    assertThatThrownBy(() -> ImplausibleRecord.check(version(41 + ImplausibleRecord.MAX_VERSION_JUMP), 12, 40))
        .isInstanceOf(ImplausibleRecord.class).hasMessageContaining("v40").hasMessageContaining("revision 12");
    assertThatThrownBy(() -> ImplausibleRecord.check(version(9_999_999), 3, 2)).isInstanceOf(ImplausibleRecord.class);
  }

  @Test
  void aReaderThatKnowsNothingTakesTheFirstRecordAsItIs() {
    assertThatCode(() -> ImplausibleRecord.check(version(9_999_999), 3, 0)).doesNotThrowAnyException();
  }
}

package io.parti.examples.demo;

import io.nats.client.JetStreamManagement;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.parti.vertx.Partition;

import java.util.List;
import java.util.stream.IntStream;

/** What the demo's processes agree on: the group, its partitions, and the streams and subjects between them. */
final class DemoSetup {

  static final String GROUP = "demo";
  static final int PARTITIONS = 16;
  /** The work stream, and its subjects: one per partition. */
  static final String WORK_STREAM = "DEMO";
  static final String WORK_SUBJECT = "demo.work.{{partition}}";
  /** What workers report (messages handled, partitions started and stopped), kept in a stream so nothing is missed. */
  static final String REPORT_STREAM = "DEMO_REPORTS";
  static final String REPORT_PREFIX = "demo.report.";
  /** Each worker's status, a few times a second (core NATS: only the latest matters). */
  static final String STATUS_PREFIX = "demo.status.";

  private DemoSetup() {
  }

  static List<Partition> partitions() {
    return IntStream.range(0, PARTITIONS).mapToObj(i -> Partition.of("p" + i)).toList();
  }

  /** Creates both streams (file storage: they outlive a NATS restart). */
  static void createStreams(JetStreamManagement jsm) throws Exception {
    jsm.addStream(StreamConfiguration.builder().name(WORK_STREAM).subjects("demo.work.>").storageType(StorageType.File).build());
    jsm.addStream(StreamConfiguration.builder().name(REPORT_STREAM).subjects(REPORT_PREFIX + ">").storageType(StorageType.File).build());
  }
}

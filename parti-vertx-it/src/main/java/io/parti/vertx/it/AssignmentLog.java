package io.parti.vertx.it;

import io.parti.vertx.impl.protocol.AssignmentCodec;
import io.parti.vertx.impl.protocol.AssignmentRecord;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Every assignment committed for a group, in commit order, read by a watch of the test's own. Once constructed, it
 * holds the record stored at that moment (the watch's initial replay is through).
 */
public final class AssignmentLog implements AutoCloseable {

  private final Connection connection;
  private final List<AssignmentRecord> records = new ArrayList<>();

  AssignmentLog(String url, String group) throws Exception {
    connection = Nats.connect(new Options.Builder().server(url).build());
    CountDownLatch replayed = new CountDownLatch(1);
    KeyValue kv = connection.keyValue(group + "-assign");
    kv.watch("assignment", new KeyValueWatcher() {
      @Override
      public void watch(KeyValueEntry entry) {
        if (entry.getOperation() == KeyValueOperation.PUT) {
          try {
            add(AssignmentCodec.decode(entry.getValue()));
          } catch (IllegalArgumentException ignored) {
            // garbage written by a test; the coordinators must ignore it, and so does the log
          }
        }
      }

      @Override
      public void endOfData() {
        replayed.countDown();
      }
    });
    if (!replayed.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the assignment watch did not replay the stored record within 10 s");
    }
  }

  private synchronized void add(AssignmentRecord record) {
    records.add(record);
  }

  public synchronized List<AssignmentRecord> records() {
    return new ArrayList<>(records);
  }

  public synchronized AssignmentRecord last() {
    return records.isEmpty() ? null : records.get(records.size() - 1);
  }

  @Override
  public void close() throws InterruptedException {
    connection.close();
  }
}

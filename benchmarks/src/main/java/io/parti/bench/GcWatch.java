package io.parti.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/** The collections of this JVM while it is open: how many, their total and their longest duration (ms). */
final class GcWatch implements AutoCloseable {

  private final AtomicLong collections = new AtomicLong();
  private final AtomicLong totalMs = new AtomicLong();
  private final AtomicLong maxMs = new AtomicLong();
  private final NotificationListener listener = this::collected;

  GcWatch() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
  }

  private void collected(Notification notification, Object handback) {
    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      long ms = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo().getDuration();
      collections.incrementAndGet();
      totalMs.addAndGet(ms);
      maxMs.accumulateAndGet(ms, Math::max);
    }
  }

  long collections() {
    return collections.get();
  }

  long totalMs() {
    return totalMs.get();
  }

  long maxMs() {
    return maxMs.get();
  }

  @Override
  public void close() throws Exception {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).removeNotificationListener(listener);
    }
  }
}

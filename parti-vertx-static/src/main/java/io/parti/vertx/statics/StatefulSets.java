package io.parti.vertx.statics;

import java.util.Objects;
import java.util.function.Function;

/**
 * Which partition this process consumes when it runs as a Kubernetes StatefulSet pod: pod ordinal k
 * consumes partition k, so a StatefulSet of N replicas covers N partitions with no coordination.
 * <ol>
 *   <li>{@value #PARTITION_INDEX_ENV}, when set (for example from the {@code apps.kubernetes.io/pod-index}
 *       label through the Downward API), must be an index in range;</li>
 *   <li>otherwise {@value #HOSTNAME_ENV}, which Kubernetes sets to the pod name {@code <set>-<ordinal>},
 *       must end in an ordinal in range.</li>
 * </ol>
 * Anything else is an {@link IllegalStateException} that says what was found, so a pod never silently
 * consumes the wrong partition or none.
 */
public final class StatefulSets {

  /** An explicit partition index; wins over the host name. */
  public static final String PARTITION_INDEX_ENV = "PARTITION_INDEX";
  /** The pod name, {@code <statefulset>-<ordinal>}. */
  public static final String HOSTNAME_ENV = "HOSTNAME";

  private StatefulSets() {
  }

  /** This process' partition in {@code [0, partitions)}, from the process environment. */
  public static int partitionIndex(int partitions) {
    return partitionIndex(partitions, System::getenv);
  }

  /** This process' partition in {@code [0, partitions)}, reading variables through {@code env} (null when unset). */
  public static int partitionIndex(int partitions, Function<String, String> env) {
    Objects.requireNonNull(env, "env");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
    String explicit = env.apply(PARTITION_INDEX_ENV);
    if (explicit != null && !explicit.isBlank()) {
      int index = parseIndex(explicit.trim());
      if (index < 0) {
        throw new IllegalStateException(PARTITION_INDEX_ENV + "=\"" + explicit + "\" is not a partition index (a non-negative integer)");
      }
      return inRange(index, partitions, PARTITION_INDEX_ENV + "=" + explicit.trim());
    }
    String hostname = env.apply(HOSTNAME_ENV);
    if (hostname == null || hostname.isBlank()) {
      throw new IllegalStateException("no partition index: set " + PARTITION_INDEX_ENV
          + " or run as a StatefulSet pod whose " + HOSTNAME_ENV + " ends in -<ordinal> (neither is set)");
    }
    int ordinal = ordinal(hostname.trim());
    if (ordinal < 0) {
      throw new IllegalStateException("no partition index: " + PARTITION_INDEX_ENV + " is not set and " + HOSTNAME_ENV
          + "=\"" + hostname + "\" does not end in -<ordinal> like a StatefulSet pod name (e.g. orders-2)");
    }
    return inRange(ordinal, partitions, "the ordinal of " + HOSTNAME_ENV + "=" + hostname.trim());
  }

  /** The ordinal at the end of a StatefulSet pod name ({@code orders-12} gives 12), or -1 when there is none. */
  public static int ordinal(String hostname) {
    Objects.requireNonNull(hostname, "hostname");
    int dash = hostname.lastIndexOf('-');
    return dash <= 0 ? -1 : parseIndex(hostname.substring(dash + 1));
  }

  private static int inRange(int index, int partitions, String source) {
    if (index >= partitions) {
      throw new IllegalStateException("partition index " + index + " from " + source + " is out of range [0, "
          + partitions + "): the StatefulSet has more replicas than there are partitions");
    }
    return index;
  }

  /** The non-negative decimal integer {@code s}, or -1 when it is not one (or overflows an int). */
  private static int parseIndex(String s) {
    if (s.isEmpty() || s.length() > 10) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value > Integer.MAX_VALUE ? -1 : (int) value;
  }
}

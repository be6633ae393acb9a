package io.parti.vertx.statics;

/** Run in a JVM of its own by {@code StatefulSetsTest}: prints what {@link StatefulSets} reads from the real environment. */
public final class StatefulSetsProbe {

  private StatefulSetsProbe() {
  }

  public static void main(String[] args) {
    try {
      System.out.print(StatefulSets.partitionIndex(Integer.parseInt(args[0])));
    } catch (RuntimeException e) {
      System.out.print("error: " + e.getMessage());
    }
  }
}

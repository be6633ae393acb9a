package io.parti.vertx.impl.protocol;

/**
 * The ownership of one partition in an assignment.
 *
 * @param owner     the worker that runs the partition, or {@code null} while nobody may run it
 * @param epoch     the owner epoch: raised on every grant, so it strictly increases per partition
 * @param releasing while unowned: the worker that must stop the partition before anyone else may start it
 * @param revokedAt while releasing: the assignment version that revoked it; a heartbeat reporting this
 *                  version applied (or a later one) is the release receipt
 * @param weight    the partition's weight
 */
public record Slot(String owner, long epoch, String releasing, long revokedAt, int weight) {

  public static Slot owned(String owner, long epoch, int weight) {
    return new Slot(owner, epoch, null, 0, weight);
  }

  public static Slot releasing(String from, long epoch, long revokedAt, int weight) {
    return new Slot(null, epoch, from, revokedAt, weight);
  }

  public static Slot unowned(long epoch, int weight) {
    return new Slot(null, epoch, null, 0, weight);
  }

  public boolean isOwned() {
    return owner != null;
  }
}

package io.parti.vertx.impl;

/**
 * The newest revision of the leader key a worker has seen, through its election's watch or its own win. An epoch is
 * the revision at which a leader created that key, so no leader can hold an epoch above the key's newest revision: a
 * record whose epoch is above it was either written by a leader this worker's watch has not caught up with yet, or by
 * nobody who won the key (a raised epoch would otherwise depose every leader to come). Revisions only rise within a
 * stream; a store created anew starts them again, which makes this check weaker until they catch up, never wrong.
 * Event-loop confined.
 */
final class LeaderKeyView {

  private long newest;
  private Runnable onChange = () -> { };

  /** Called when the newest revision rises, so that an epoch waited for can be judged again. */
  void listen(Runnable onChange) {
    this.onChange = onChange;
  }

  /** A revision of the leader key: an entry its watch delivered, or the create this worker won with. */
  void observe(long revision) {
    if (revision > newest) {
      newest = revision;
      onChange.run();
    }
  }

  /** Whether a leader may hold {@code epoch}: the leader key reached that revision. */
  boolean reached(long epoch) {
    return epoch <= newest;
  }

  long newest() {
    return newest;
  }
}

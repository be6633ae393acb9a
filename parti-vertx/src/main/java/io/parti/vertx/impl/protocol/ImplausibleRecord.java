package io.parti.vertx.impl.protocol;

/**
 * An assignment record no leader can have written: its version jumps far above everything the reader knows. A leader's
 * commit is one above the record it builds on, or one above the key's revision after a delete, so a version more than
 * {@value #MAX_VERSION_JUMP} above both the highest version the reader knows and the revision the record is stored at
 * was written by someone else (a copy of the record with its version raised would otherwise be adopted by every
 * worker, and the leader would carry on from it). Readers that know nothing yet take the first record as it is.
 */
public final class ImplausibleRecord extends IllegalArgumentException {

  /** How far above what is known a version may be before it is refused. */
  public static final long MAX_VERSION_JUMP = 1000;

  private ImplausibleRecord(String message) {
    super(message);
  }

  /**
   * @param revision the revision the record is stored at
   * @param known    the highest assignment version the reader applied or saw, 0 for none
   * @throws ImplausibleRecord when the record's version jumps too far
   */
  public static void check(AssignmentRecord record, long revision, long known) {
    long bound = Math.max(known, revision) + MAX_VERSION_JUMP;
    if (known > 0 && record.version() > bound) {
      throw new ImplausibleRecord("version " + record.version() + " jumps more than " + MAX_VERSION_JUMP + " above v" + known
          + " and revision " + revision + ": not written by a leader");
    }
  }
}

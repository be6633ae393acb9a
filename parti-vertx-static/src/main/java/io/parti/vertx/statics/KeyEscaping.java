package io.parti.vertx.statics;

/**
 * What a {@link SubjectPattern} does with a key that cannot be one subject token as it is: the empty
 * key, or a key containing {@code '.'} (a token separator), {@code '*'} or {@code '>'} (wildcards),
 * whitespace or a control character.
 * <p>
 * Either way a message is never published to a subject that its partition's consumer filter cannot
 * match: Parti's Go package let a key like {@code a.b} through, and such messages were silently never
 * consumed.
 */
public enum KeyEscaping {

  /** Such keys are rejected with an {@link IllegalArgumentException} naming the key and what is wrong. */
  REJECT,

  /**
   * Every key is encoded as one token: printable ASCII other than {@code . * > %} stays as it is, and
   * every other byte of the key's UTF-8 becomes {@code %XX} (upper-case hex); the empty key becomes
   * {@code %}. The encoding is reversible ({@link SubjectPattern#keyOf(String)}) and easy to mirror in
   * other languages. Keys that need no escaping produce the same subject as in {@link #REJECT} mode.
   */
  PERCENT
}

package io.parti.vertx.impl.kv;

import io.nats.client.api.KeyValueOperation;

/**
 * One stored value of a KV key, or a delete marker.
 *
 * @param key       the key within the bucket
 * @param value     the stored bytes (empty for a delete marker)
 * @param revision  the stream sequence of this entry: the value to expect in a revision-checked write
 * @param operation what the entry records
 * @param timestamp when the server stored it, in epoch milliseconds of the server's clock (0 when unknown)
 */
public record KvEntry(String key, byte[] value, long revision, Operation operation, long timestamp) {

  /** The kind of entry, from the {@code KV-Operation} header. */
  public enum Operation { PUT, DELETE, PURGE }

  /** Whether this entry removes the key (a delete or purge marker). */
  public boolean isRemoval() {
    return operation != Operation.PUT;
  }

  /** Our operation for the client's (read from the entry's headers: a missing header is a put). */
  static Operation operationOf(KeyValueOperation operation) {
    if (operation == KeyValueOperation.DELETE) {
      return Operation.DELETE;
    }
    return operation == KeyValueOperation.PURGE ? Operation.PURGE : Operation.PUT;
  }
}

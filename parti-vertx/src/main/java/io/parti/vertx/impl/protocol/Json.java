package io.parti.vertx.impl.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Strict reading of protocol JSON: anything unexpected is an {@link IllegalArgumentException} naming it. */
final class Json {

  private Json() {
  }

  static JsonObject object(byte[] bytes, String what) {
    if (bytes.length == 0 || bytes[0] != '{') {
      throw new IllegalArgumentException(what + " is not a JSON object");
    }
    try {
      return new JsonObject(Buffer.buffer(bytes));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException(what + " is not a JSON object: " + e.getMessage(), e);
    }
  }

  static String string(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof String) || ((String) value).isEmpty()) {
      throw new IllegalArgumentException("field " + field + " must be a non-empty string, was " + value);
    }
    return (String) value;
  }

  /** A string that older writers may leave out: {@code null} when absent. */
  static String optionalString(JsonObject json, String field) {
    return json.containsKey(field) ? string(json, field) : null;
  }

  /** A number that older writers may leave out: 0 when absent. */
  static long optionalNumber(JsonObject json, String field) {
    return json.containsKey(field) ? number(json, field) : 0;
  }

  static long number(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof Number)) {
      throw new IllegalArgumentException("field " + field + " must be a number, was " + value);
    }
    return ((Number) value).longValue();
  }
}

package io.parti.vertx.shared;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * How option data objects read their JSON form, one convention for all of them: integers are whole numbers,
 * durations are whole milliseconds or ISO-8601 strings, and a value of the wrong type fails naming the option.
 */
public final class OptionValues {

  private OptionValues() {
  }

  public static String string(String name, Object value) {
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException(name + " must be a string, was " + value);
    }
    return (String) value;
  }

  public static int integer(String name, Object value) {
    if (!(value instanceof Number) || ((Number) value).doubleValue() != ((Number) value).intValue()) {
      throw new IllegalArgumentException(name + " must be an integer, was " + value);
    }
    return ((Number) value).intValue();
  }

  public static long longInteger(String name, Object value) {
    if (!(value instanceof Number) || ((Number) value).doubleValue() != ((Number) value).longValue()) {
      throw new IllegalArgumentException(name + " must be an integer, was " + value);
    }
    return ((Number) value).longValue();
  }

  /** One of {@code type}'s constants, by name. */
  public static <E extends Enum<E>> E enumValue(String name, Object value, Class<E> type) {
    if (value instanceof String) {
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(value)) {
          return constant;
        }
      }
    }
    throw new IllegalArgumentException(name + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + ", was " + value);
  }

  public static boolean bool(String name, Object value) {
    if (!(value instanceof Boolean)) {
      throw new IllegalArgumentException(name + " must be true or false, was " + value);
    }
    return (Boolean) value;
  }

  public static Duration duration(String name, Object value) {
    if (value instanceof Number) {
      Number millis = (Number) value;
      if (millis.doubleValue() != millis.longValue()) {
        throw new IllegalArgumentException(name + " must be whole milliseconds or an ISO-8601 duration, was " + value);
      }
      return Duration.ofMillis(millis.longValue());
    }
    if (value instanceof String) {
      try {
        return Duration.parse((String) value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(name + " must be milliseconds or an ISO-8601 duration, was \"" + value + "\"", e);
      }
    }
    throw new IllegalArgumentException(name + " must be milliseconds or an ISO-8601 duration, was " + value);
  }

  /**
   * Runs a validation that returns the value it checked (jnats' {@code Validator} does), so that its error names the
   * option: {@code bucket: ...}.
   */
  public static String checked(String option, java.util.function.Supplier<String> validation) {
    try {
      return validation.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  /** Milliseconds as documented; a finer value as ISO-8601, so that a copy through JSON never truncates it. */
  public static Object toJson(Duration value) {
    return value.getNano() % 1_000_000 == 0 ? (Object) value.toMillis() : value.toString();
  }
}

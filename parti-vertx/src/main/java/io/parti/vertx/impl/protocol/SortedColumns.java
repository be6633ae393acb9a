package io.parti.vertx.impl.protocol;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * Slots already in ascending key order, seen as a {@link SortedMap} only so that {@link AssignmentRecord}'s copy into
 * a {@code TreeMap} builds the tree in linear time instead of inserting key by key (a third of the decoding of a
 * large record). It lives only until that copy: it supports iteration, not views.
 */
final class SortedColumns extends AbstractMap<String, Slot> implements SortedMap<String, Slot> {

  private final String[] keys;
  private final Slot[] values;
  private final int size;

  /** @param keys strictly ascending in their natural order */
  SortedColumns(String[] keys, Slot[] values, int size) {
    this.keys = keys;
    this.values = values;
    this.size = size;
  }

  @Override
  public Comparator<? super String> comparator() {
    return null; // natural order, as the record's TreeMap
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Entry<String, Slot>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Slot>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, Slot> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            Entry<String, Slot> entry = new SimpleImmutableEntry<>(keys[next], values[next]);
            next++;
            return entry;
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public String firstKey() {
    if (size == 0) {
      throw new NoSuchElementException();
    }
    return keys[0];
  }

  @Override
  public String lastKey() {
    if (size == 0) {
      throw new NoSuchElementException();
    }
    return keys[size - 1];
  }

  @Override
  public SortedMap<String, Slot> subMap(String fromKey, String toKey) {
    throw new UnsupportedOperationException("slots in transit to a TreeMap have no views");
  }

  @Override
  public SortedMap<String, Slot> headMap(String toKey) {
    throw new UnsupportedOperationException("slots in transit to a TreeMap have no views");
  }

  @Override
  public SortedMap<String, Slot> tailMap(String fromKey) {
    throw new UnsupportedOperationException("slots in transit to a TreeMap have no views");
  }
}

package io.parti.vertx.architecture;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No package of the libraries depends on itself through others. A module's API packages are one layer (the root
 * package and its {@code source} and {@code strategy} name one API, and refer to each other freely); the
 * implementation packages are each their own. The one allowed way from the API into an implementation package is
 * the API's static factories ({@code PartiCoordinator.create} builds the implementation), so those edges are left
 * out; every other dependency counts.
 */
class PackageCycleTest {

  /** A reference to a class of the libraries: the package, then a capitalised simple name. */
  private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.parti\\.vertx(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

  @Test
  void noPackageCycles() {
    Map<String, Set<String>> graph = graph();
    assertThat(graph).as("packages read").containsKeys("API of parti-vertx", "API of parti-vertx-static",
        "io.parti.vertx.impl", "io.parti.vertx.impl.kv", "io.parti.vertx.impl.source", "io.parti.vertx.statics.impl");
    assertThat(cycles(graph)).as("package cycles (each: the packages that reach each other)").isEmpty();
  }

  @Test
  void theCheckFindsACycle() {
    Map<String, Set<String>> graph = new TreeMap<>();
    graph.put("a", Set.of("b"));
    graph.put("b", Set.of("c"));
    graph.put("c", Set.of("a"));
    graph.put("d", Set.of("a"));
    assertThat(cycles(graph)).containsExactly(new TreeSet<>(Set.of("a", "b", "c")));
  }

  private static Map<String, Set<String>> graph() {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Path file : Sources.javaFiles()) {
      String from = node(Sources.packageOf(file));
      Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
      Matcher m = REFERENCE.matcher(Sources.read(file));
      while (m.find()) {
        String target = node(m.group(1));
        boolean factory = !Sources.isImpl(from) && Sources.isImpl(target);
        if (!target.equals(from) && !factory) {
          to.add(target);
        }
      }
    }
    return graph;
  }

  /** The node of a package: itself when it is an implementation package, its module's API layer otherwise. */
  private static String node(String pkg) {
    if (Sources.isImpl(pkg)) {
      return pkg;
    }
    return pkg.startsWith("io.parti.vertx.statics") ? "API of parti-vertx-static" : "API of parti-vertx";
  }

  /** The strongly connected components with more than one package (Tarjan's algorithm). */
  static List<Set<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<Set<String>> cycles = new ArrayList<>();
    for (String node : graph.keySet()) {
      if (!index.containsKey(node)) {
        connect(node, graph, index, low, stack, cycles);
      }
    }
    return cycles;
  }

  private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                              Map<String, Integer> low, Deque<String> stack, List<Set<String>> cycles) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (!index.containsKey(next)) {
        connect(next, graph, index, low, stack, cycles);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (stack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        component.add(member);
      } while (!member.equals(node));
      if (component.size() > 1) {
        cycles.add(component);
      }
    }
  }
}

package io.parti.vertx.architecture;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What users touch names no implementation type: every public or protected signature of every public class in the
 * libraries' API packages (supertypes, fields, constructors, methods, their generic arguments and exceptions).
 */
class ApiSurfaceTest {

  @Test
  void theApiNamesNoImplementationType() throws Exception {
    List<Class<?>> api = apiClasses();
    assertThat(api).as("API classes read").hasSizeGreaterThan(20);
    Set<String> leaks = new TreeSet<>();
    for (Class<?> type : api) {
      leaks.addAll(leaks(type));
    }
    assertThat(leaks).as("API signatures naming an implementation type").isEmpty();
  }

  /** Each library's module descriptor exports exactly its API packages: the implementation is not reachable. */
  @Test
  void eachModuleExportsExactlyItsApiPackages() {
    for (String library : Sources.LIBRARIES) {
      ModuleDescriptor descriptor = ModuleFinder.of(Path.of("..", library, "target", "classes")).findAll().stream()
          .findFirst().orElseThrow(() -> new AssertionError(library + " has no module-info")).descriptor();
      Set<String> exported = new TreeSet<>();
      descriptor.exports().forEach(e -> {
        assertThat(e.isQualified()).as(library + " exports " + e.source() + " to everyone").isFalse();
        exported.add(e.source());
      });
      Set<String> api = new TreeSet<>();
      Sources.javaFiles().stream().filter(f -> f.startsWith(Sources.root(library))).map(Sources::packageOf)
          .filter(pkg -> !pkg.isEmpty() && !Sources.isImpl(pkg)).forEach(api::add);
      assertThat(exported).as(library + " exports").isEqualTo(api);
      assertThat(descriptor.packages()).as(library + " packages").anyMatch(Sources::isImpl);
    }
  }

  @Test
  void theCheckFindsALeak() {
    assertThat(leaks(Leaky.class)).singleElement().asString().contains("impl");
  }

  /** A public type whose method returns an implementation type: what the check must catch. */
  public static class Leaky {
    public io.parti.vertx.impl.kv.NatsKvBucket bucket() {
      return null;
    }
  }

  private static List<Class<?>> apiClasses() throws ClassNotFoundException {
    List<Class<?>> classes = new ArrayList<>();
    for (Path file : Sources.javaFiles()) {
      String pkg = Sources.packageOf(file);
      String name = file.getFileName().toString().replace(".java", "");
      if (!Sources.isImpl(pkg) && !name.equals("package-info") && !name.equals("module-info")) {
        addPublic(Class.forName(pkg + "." + name), classes);
      }
    }
    return classes;
  }

  private static void addPublic(Class<?> type, List<Class<?>> into) {
    if (Modifier.isPublic(type.getModifiers())) {
      into.add(type);
      for (Class<?> nested : type.getDeclaredClasses()) {
        addPublic(nested, into);
      }
    }
  }

  static List<String> leaks(Class<?> type) {
    List<String> leaks = new ArrayList<>();
    check(type.getName() + " extends", type.getGenericSuperclass(), leaks);
    for (Type t : type.getGenericInterfaces()) {
      check(type.getName() + " implements", t, leaks);
    }
    for (Field f : type.getDeclaredFields()) {
      if (visible(f.getModifiers())) {
        check(type.getName() + "." + f.getName(), f.getGenericType(), leaks);
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c.getModifiers())) {
        checkAll(type.getName() + "(…)", c.getGenericParameterTypes(), leaks);
        checkAll(type.getName() + "(…) throws", c.getGenericExceptionTypes(), leaks);
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic()) {
        String where = type.getName() + "." + m.getName() + "(…)";
        check(where, m.getGenericReturnType(), leaks);
        checkAll(where, m.getGenericParameterTypes(), leaks);
        checkAll(where + " throws", m.getGenericExceptionTypes(), leaks);
      }
    }
    return leaks;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void checkAll(String where, Type[] types, List<String> leaks) {
    for (Type t : types) {
      check(where, t, leaks);
    }
  }

  private static void check(String where, Type type, List<String> leaks) {
    if (type instanceof Class<?> c) {
      Class<?> element = c;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      if (!element.isPrimitive() && Sources.isImpl(element.getPackageName())) {
        leaks.add(where + " names " + element.getName());
      }
    } else if (type instanceof ParameterizedType p) {
      check(where, p.getRawType(), leaks);
      checkAll(where, p.getActualTypeArguments(), leaks);
    } else if (type instanceof GenericArrayType a) {
      check(where, a.getGenericComponentType(), leaks);
    } else if (type instanceof WildcardType w) {
      checkAll(where, w.getUpperBounds(), leaks);
      checkAll(where, w.getLowerBounds(), leaks);
    } else if (type instanceof TypeVariable<?> v) {
      checkAll(where, v.getBounds(), leaks);
    }
  }
}

package io.parti.vertx.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The main sources of the library modules, read from the reactor's tree (tests run in their module's folder). */
final class Sources {

  /** The library modules whose sources these tests read. */
  static final List<String> LIBRARIES = List.of("parti-vertx", "parti-vertx-static");

  private Sources() {
  }

  /** Every {@code .java} file under {@code src/main/java} of the library modules. */
  static List<Path> javaFiles() {
    return LIBRARIES.stream().flatMap(module -> walk(root(module))).toList();
  }

  static Path root(String module) {
    return Path.of("..", module, "src", "main", "java");
  }

  /** The package of a source file, from its place in the tree. */
  static String packageOf(Path file) {
    Path root = LIBRARIES.stream().map(Sources::root).filter(file::startsWith).findFirst().orElseThrow();
    return root.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
  }

  /** Whether a package holds implementation code, which users never see (the shared building blocks are such code). */
  static boolean isImpl(String pkg) {
    if (pkg.equals("io.parti.vertx.shared")) {
      return true;
    }
    return pkg.startsWith("io.parti.") && (pkg.endsWith(".impl") || pkg.contains(".impl."));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Path> walk(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.parti.bench;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;

/**
 * Entry point of {@code benchmarks/run NAME [--quick]}: runs {@code io.parti.bench.<Name>Bench.main}.
 */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: benchmarks/run NAME [--quick]");
    }
    String name = args[0];
    String className = BenchMain.class.getPackageName() + "."
        + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1) + "Bench";
    Class<?> type;
    try {
      type = Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unknown benchmark '" + name + "' (no class " + className + ")", e);
    }
    Method main = type.getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }
}

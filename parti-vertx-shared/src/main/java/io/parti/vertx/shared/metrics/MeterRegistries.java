package io.parti.vertx.shared.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Vertx;

/**
 * Where a coordinator or a consumer registers its meters when the application names no registry: the registry of
 * Vert.x's own Micrometer metrics ({@code MicrometerMetricsOptions}, the default registry name) when this Vert.x
 * runs with them, else Micrometer's global registry (a no-op until the application adds a registry to it).
 */
public final class MeterRegistries {

  private static final boolean VERTX_MICROMETER = present("io.vertx.micrometer.backends.BackendRegistries");

  private MeterRegistries() {
  }

  /** The registry to use for {@code vertx} when {@code explicit} is {@code null}. */
  public static MeterRegistry resolve(Vertx vertx, MeterRegistry explicit) {
    if (explicit != null) {
      return explicit;
    }
    if (VERTX_MICROMETER && vertx.isMetricsEnabled()) {
      MeterRegistry vertxRegistry = VertxBackend.defaultRegistry();
      if (vertxRegistry != null) {
        return vertxRegistry;
      }
    }
    return Metrics.globalRegistry;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, MeterRegistries.class.getClassLoader());
      // On the module path the class may be there while this module does not read its module (requires static).
      Module module = MeterRegistries.class.getModule();
      return !module.isNamed() || module.getLayer() == null
          || module.getLayer().findModule("io.vertx.metrics.micrometer").map(module::canRead).orElse(false);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Kept apart so that nothing loads vertx-micrometer-metrics' classes unless it is there. */
  private static final class VertxBackend {
    static MeterRegistry defaultRegistry() {
      return io.vertx.micrometer.backends.BackendRegistries.getDefaultNow();
    }
  }
}

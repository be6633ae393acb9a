/** Health-check procedures (vertx-health-check) for a coordinator's readiness and liveness probes. */
package io.parti.vertx.health;

package io.parti.vertx.simulation;

import io.parti.vertx.PartitionContext;
import io.parti.vertx.impl.env.PartitionDeployer;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.HashMap;
import java.util.Map;

/**
 * Simulated partition verticles: a start or a stop takes a little virtual time, and under faults fails, takes
 * long, or never completes. Every run goes to the history's {@link Runs}.
 */
final class SimDeployer implements PartitionDeployer {

  /** The "bucket" of a scripted fate for a verticle's START or STOP, whose "key" is the partition id. */
  static final String VERTICLES = "verticles";

  private final SimProcess process;
  private final Map<String, Runs.Run> deployed = new HashMap<>();
  private int deployments;

  SimDeployer(SimProcess process) {
    this.process = process;
  }

  @Override
  public Future<String> deploy(PartitionContext partition) {
    Simulation simulation = process.simulation();
    Runs.Run run = simulation.runs().started(partition, process);
    String id = process.name() + "#" + (deployments++);
    Promise<String> started = Promise.promise();
    Faults.Fate fate = fate(run, "START");
    if (fate == Faults.Fate.HANGS) {
      return started.future();
    }
    simulation.queue().after(simulation.faults().verticleTime(fate), process, () -> {
      if (fate == Faults.Fate.FAILS) {
        simulation.runs().ended(run);
        started.fail("start of " + run + " failed (injected)");
      } else {
        deployed.put(id, run);
        started.complete(id);
      }
    });
    return started.future();
  }

  @Override
  public Future<Void> undeploy(String deploymentId) {
    Simulation simulation = process.simulation();
    Runs.Run run = deployed.remove(deploymentId);
    if (run == null) {
      return Future.failedFuture("unknown deployment " + deploymentId);
    }
    Promise<Void> stopped = Promise.promise();
    Faults.Fate fate = fate(run, "STOP");
    if (fate == Faults.Fate.HANGS) {
      return stopped.future();
    }
    simulation.queue().after(simulation.faults().verticleTime(fate), process, () -> {
      simulation.runs().ended(run);
      if (fate == Faults.Fate.FAILS) {
        stopped.fail("stop of " + run + " failed (injected)");
      } else {
        stopped.complete();
      }
    });
    return stopped.future();
  }

  /** The fate of a start or a stop: the one a test scripted for it, or else a random one. */
  private Faults.Fate fate(Runs.Run run, String operation) {
    Faults faults = process.simulation().faults();
    Faults.Fate scripted = faults.scripted(new Hold.Request(process, VERTICLES, run.partition, operation));
    if (scripted != null) {
      return scripted;
    }
    return operation.equals("START") ? faults.startFate() : faults.stopFate();
  }
}

package io.parti.vertx;

import io.parti.vertx.shared.consumer.JetStreamSettings;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Options of a {@link PartiCoordinator}: the group, the worker id pool, the timings of the protocol and
 * the event bus addresses.
 * <p>
 * Setters check a single value; {@link #validate()} (called by {@link PartiCoordinator#create}) checks how
 * values relate, and every error names the option. Durations travel in JSON as milliseconds (as an ISO-8601
 * string when finer than a millisecond); a string is read as an ISO-8601 duration ({@code "PT2S"}). Four presets set
 * every timing at once: {@link #subSecond()} for a death bound of half a second, {@link #fast()} for tests and small
 * fleets on a good network, {@link #defaults()}, and {@link #conservative()}.
 */
public class PartiOptions {

  /**
   * The shortest {@code workerIdTtl}, {@code heartbeatTtl} and {@code electionTimeout}: each is a bucket's MaxAge, which
   * nats-server refuses under 100 ms.
   */
  public static final Duration MIN_BUCKET_MAX_AGE = Duration.ofMillis(100);
  /** The default group, which names the buckets: {@value}. */
  public static final String DEFAULT_GROUP = "parti";
  /** Worker ids are {@code <prefix>-<n>}: {@value}. */
  public static final String DEFAULT_WORKER_ID_PREFIX = "worker";
  /** The lowest worker number: {@value}. */
  public static final int DEFAULT_WORKER_ID_MIN = 0;
  /** The highest worker number, so at most 1,000 workers: {@value}. */
  public static final int DEFAULT_WORKER_ID_MAX = 999;
  /** Lease of a worker id, renewed every third of it: 30 s. */
  public static final Duration DEFAULT_WORKER_ID_TTL = Duration.ofSeconds(30);
  /** How often a worker writes its heartbeat: 2 s. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
  /** How long a heartbeat lives (the liveness window): 6 s. */
  public static final Duration DEFAULT_HEARTBEAT_TTL = Duration.ofSeconds(6);
  /** How long a worker must stay missing after its heartbeat TTL before its partitions move: 3 s. */
  public static final Duration DEFAULT_EMERGENCY_GRACE_PERIOD = Duration.ofSeconds(3);
  /** Leader lease, renewed every third of it: 5 s. */
  public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofSeconds(5);
  /** Time the first leader of an empty fleet waits for workers before it assigns: 5 s. */
  public static final Duration DEFAULT_COLD_START_WINDOW = Duration.ofSeconds(5);
  /** Time the leader waits after a worker joins, to batch joins into one rebalance: 2 s. */
  public static final Duration DEFAULT_PLANNED_SCALE_WINDOW = Duration.ofSeconds(2);
  /** Minimum time between two planned rebalances: 1 s. */
  public static final Duration DEFAULT_REBALANCE_COOLDOWN = Duration.ofSeconds(1);
  /** Bound of a single KV operation: 1.5 s. */
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofMillis(1500);
  /** Bound of a partition verticle's start: a start still running after it counts as failed: 10 s. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);
  /** Bound of a partition verticle's stop (its drain) during a hand-off: 10 s. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
  /** Bound of a graceful leave: 30 s. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  /** How long deployment waits for the first assignment that includes this worker: 2 min. */
  public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofMinutes(2);
  /** Whether a worker cut off from NATS stops its partitions before the leader can give them away: {@value}. */
  public static final boolean DEFAULT_DEGRADED_FENCING = false;
  /** Default of {@link #setAdaptiveWindows}: every join waits for the planned-scale window, a cold start for its own. */
  public static final boolean DEFAULT_ADAPTIVE_WINDOWS = false;
  /** What a worker out of contact with NATS does with its partitions: {@link DegradedPolicy#STOP_AT_LEASE_END}. */
  public static final DegradedPolicy DEFAULT_DEGRADED_POLICY = DegradedPolicy.STOP_AT_LEASE_END;
  /** Replicas of the coordination buckets: {@value}. */
  public static final int DEFAULT_BUCKET_REPLICAS = 1;
  /** Event bus address of assignment changes: {@value}. */
  public static final String DEFAULT_ASSIGNMENTS_ADDRESS = "parti.assignments";
  /** Event bus address of state changes: {@value}. */
  public static final String DEFAULT_STATE_ADDRESS = "parti.state";
  /** Event bus address of leadership changes: {@value}. */
  public static final String DEFAULT_LEADERSHIP_ADDRESS = "parti.leadership";
  /** Event bus address of hand-off incidents, such as a drain that outlived its bound: {@value}. */
  public static final String DEFAULT_HANDOFF_ADDRESS = "parti.handoff";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private String group = DEFAULT_GROUP;
  private String workerIdPrefix = DEFAULT_WORKER_ID_PREFIX;
  private int workerIdMin = DEFAULT_WORKER_ID_MIN;
  private int workerIdMax = DEFAULT_WORKER_ID_MAX;
  private String instanceId;
  private String domain;
  private String apiPrefix;
  private Duration workerIdTtl = DEFAULT_WORKER_ID_TTL;
  private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
  private Duration heartbeatTtl = DEFAULT_HEARTBEAT_TTL;
  private Duration emergencyGracePeriod = DEFAULT_EMERGENCY_GRACE_PERIOD;
  private Duration electionTimeout = DEFAULT_ELECTION_TIMEOUT;
  private Duration coldStartWindow = DEFAULT_COLD_START_WINDOW;
  private Duration plannedScaleWindow = DEFAULT_PLANNED_SCALE_WINDOW;
  private Duration rebalanceCooldown = DEFAULT_REBALANCE_COOLDOWN;
  private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
  private Duration startTimeout = DEFAULT_START_TIMEOUT;
  private Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
  private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
  private Duration joinTimeout = DEFAULT_JOIN_TIMEOUT;
  private int bucketReplicas = DEFAULT_BUCKET_REPLICAS;
  private boolean adaptiveWindows = DEFAULT_ADAPTIVE_WINDOWS;
  private DegradedPolicy degradedPolicy = DEFAULT_DEGRADED_POLICY;
  private String assignmentsAddress = DEFAULT_ASSIGNMENTS_ADDRESS;
  private String stateAddress = DEFAULT_STATE_ADDRESS;
  private String leadershipAddress = DEFAULT_LEADERSHIP_ADDRESS;
  private String handoffAddress = DEFAULT_HANDOFF_ADDRESS;

  public PartiOptions() {
  }

  public PartiOptions(PartiOptions other) {
    this(other.toJson());
  }

  public PartiOptions(JsonObject json) {
    PartiOptionsJson.fromJson(json, this);
  }

  /**
   * A death bound of half a second ({@code heartbeatTtl + emergencyGracePeriod}) for small fleets on a low-latency
   * network with short GC pauses (see docs/configuration.md): a crashed worker's partitions, or a crashed leader's
   * key, are taken over about 0.5 s after its last heartbeat. Only the detection is short: the id and leader leases
   * stay seconds long, so a pause of a few hundred milliseconds costs nobody an id or a term (followers depose a
   * silent leader instead of waiting for its lease), and the windows adapt (a lone join or a cold start acts at once,
   * joins that come during a rebalance are batched).
   */
  public static PartiOptions subSecond() {
    return new PartiOptions()
        .setHeartbeatInterval(Duration.ofMillis(50)).setHeartbeatTtl(Duration.ofMillis(300))
        .setEmergencyGracePeriod(Duration.ofMillis(200)).setWorkerIdTtl(Duration.ofSeconds(3))
        .setElectionTimeout(Duration.ofMillis(1500)).setOperationTimeout(Duration.ofMillis(200))
        .setColdStartWindow(Duration.ofMillis(250)).setPlannedScaleWindow(Duration.ofMillis(100))
        .setRebalanceCooldown(Duration.ofMillis(50)).setAdaptiveWindows(true)
        .setStartTimeout(Duration.ofSeconds(2)).setDrainTimeout(Duration.ofSeconds(2))
        .setShutdownTimeout(Duration.ofSeconds(5)).setJoinTimeout(Duration.ofSeconds(30));
  }

  /** Timings for tests and small fleets on a fast network: failures are detected in about 2 s. */
  public static PartiOptions fast() {
    return new PartiOptions()
        .setHeartbeatInterval(Duration.ofMillis(250)).setHeartbeatTtl(Duration.ofMillis(1500))
        .setEmergencyGracePeriod(Duration.ofMillis(500)).setWorkerIdTtl(Duration.ofSeconds(3))
        .setElectionTimeout(Duration.ofSeconds(2)).setOperationTimeout(Duration.ofMillis(600))
        .setColdStartWindow(Duration.ofMillis(500)).setPlannedScaleWindow(Duration.ofMillis(250))
        .setRebalanceCooldown(Duration.ofMillis(100)).setStartTimeout(Duration.ofSeconds(2)).setDrainTimeout(Duration.ofSeconds(2))
        .setShutdownTimeout(Duration.ofSeconds(5)).setJoinTimeout(Duration.ofSeconds(30));
  }

  /** The defaults: failures detected in about 9 s. */
  public static PartiOptions defaults() {
    return new PartiOptions();
  }

  /** Timings for large fleets or a slow network: failures detected in about 23 s, few false alarms. */
  public static PartiOptions conservative() {
    return new PartiOptions()
        .setHeartbeatInterval(Duration.ofSeconds(5)).setHeartbeatTtl(Duration.ofSeconds(15))
        .setEmergencyGracePeriod(Duration.ofMillis(7500)).setWorkerIdTtl(Duration.ofSeconds(75))
        .setElectionTimeout(Duration.ofSeconds(10)).setOperationTimeout(Duration.ofSeconds(3))
        .setColdStartWindow(Duration.ofSeconds(30)).setPlannedScaleWindow(Duration.ofSeconds(10))
        .setRebalanceCooldown(Duration.ofSeconds(5)).setStartTimeout(Duration.ofSeconds(30)).setDrainTimeout(Duration.ofSeconds(30))
        .setShutdownTimeout(Duration.ofSeconds(60)).setJoinTimeout(Duration.ofMinutes(5));
  }

  /**
   * Checks how the values relate.
   *
   * @throws IllegalArgumentException naming the first option that is out of bounds
   */
  public PartiOptions validate() {
    check(workerIdMin <= workerIdMax, "workerIdMin (" + workerIdMin + ") must be <= workerIdMax (" + workerIdMax + ")");
    check(heartbeatTtl.compareTo(heartbeatInterval.multipliedBy(2)) >= 0,
        "heartbeatTtl (" + heartbeatTtl + ") must be at least twice heartbeatInterval (" + heartbeatInterval + ")");
    check(workerIdTtl.compareTo(heartbeatTtl) >= 0,
        "workerIdTtl (" + workerIdTtl + ") must be >= heartbeatTtl (" + heartbeatTtl + ")");
    check(workerIdTtl.compareTo(heartbeatInterval.multipliedBy(3)) >= 0,
        "workerIdTtl (" + workerIdTtl + ") must be at least 3 x heartbeatInterval (" + heartbeatInterval + ")");
    check(emergencyGracePeriod.compareTo(heartbeatTtl) <= 0,
        "emergencyGracePeriod (" + emergencyGracePeriod + ") must be <= heartbeatTtl (" + heartbeatTtl + ")");
    check(operationTimeout.multipliedBy(3).compareTo(electionTimeout) <= 0,
        "operationTimeout (" + operationTimeout + ") must be <= a third of electionTimeout (" + electionTimeout + ")");
    check(operationTimeout.multipliedBy(3).compareTo(workerIdTtl) <= 0,
        "operationTimeout (" + operationTimeout + ") must be <= a third of workerIdTtl (" + workerIdTtl + ")");
    check(rebalanceCooldown.compareTo(plannedScaleWindow) <= 0,
        "rebalanceCooldown (" + rebalanceCooldown + ") must be <= plannedScaleWindow (" + plannedScaleWindow + ")");
    check(coldStartWindow.compareTo(plannedScaleWindow) >= 0,
        "coldStartWindow (" + coldStartWindow + ") must be >= plannedScaleWindow (" + plannedScaleWindow + ")");
    // Strictly: at equality a healthy worker would fence at the very moment its next heartbeat is sent, before it lands.
    check(degradedPolicy != DegradedPolicy.FENCE || degradedFencingDelay().compareTo(heartbeatInterval) > 0,
        "degradedFencing needs heartbeatTtl + emergencyGracePeriod (" + heartbeatTtl.plus(emergencyGracePeriod)
            + ") to exceed 2 x heartbeatInterval + operationTimeout (" + heartbeatInterval.multipliedBy(2).plus(operationTimeout) + ")");
    check(shutdownTimeout.compareTo(drainTimeout) >= 0,
        "shutdownTimeout (" + shutdownTimeout + ") must be >= drainTimeout (" + drainTimeout + ")");
    check(joinTimeout.compareTo(coldStartWindow.plus(electionTimeout)) >= 0,
        "joinTimeout (" + joinTimeout + ") must be >= coldStartWindow + electionTimeout (" + coldStartWindow.plus(electionTimeout) + ")");
    JetStreamSettings.api(domain, apiPrefix); // throws naming domain or apiPrefix
    check(new java.util.HashSet<>(java.util.List.of(assignmentsAddress, stateAddress, leadershipAddress, handoffAddress)).size() == 4,
        "assignmentsAddress, stateAddress, leadershipAddress and handoffAddress must differ");
    return this;
  }

  public JsonObject toJson() {
    return PartiOptionsJson.toJson(this);
  }

  @Override
  public String toString() {
    return toJson().encode();
  }

  public String getGroup() {
    return group;
  }

  /** The group this worker belongs to; it names the buckets ({@code <group>-ids}, ...). */
  public PartiOptions setGroup(String group) {
    this.group = name("group", group);
    return this;
  }

  public String getWorkerIdPrefix() {
    return workerIdPrefix;
  }

  /** Worker ids are {@code <prefix>-<n>}. */
  public PartiOptions setWorkerIdPrefix(String workerIdPrefix) {
    this.workerIdPrefix = name("workerIdPrefix", workerIdPrefix);
    return this;
  }

  public int getWorkerIdMin() {
    return workerIdMin;
  }

  public PartiOptions setWorkerIdMin(int workerIdMin) {
    check(workerIdMin >= 0, "workerIdMin must be >= 0, was " + workerIdMin);
    this.workerIdMin = workerIdMin;
    return this;
  }

  public int getWorkerIdMax() {
    return workerIdMax;
  }

  public PartiOptions setWorkerIdMax(int workerIdMax) {
    check(workerIdMax >= 0, "workerIdMax must be >= 0, was " + workerIdMax);
    this.workerIdMax = workerIdMax;
    return this;
  }

  public String getInstanceId() {
    return instanceId;
  }

  /**
   * A stable identity of this process (a pod name, say). A worker restarted with the same instance id takes
   * its old worker id back at once, even while the old lease is still live. When unset, every coordinator
   * gets a random one, and a restarted worker gets the lowest free id.
   */
  public PartiOptions setInstanceId(String instanceId) {
    check(instanceId == null || !instanceId.isBlank(), "instanceId must not be blank");
    this.instanceId = instanceId;
    return this;
  }

  public String getDomain() {
    return domain;
  }

  /**
   * The JetStream domain of the coordination buckets (a hub reached through a leaf node): their API is then
   * {@code $JS.<domain>.API}. Null (the default): the account's own JetStream. Not together with {@code apiPrefix}.
   */
  public PartiOptions setDomain(String domain) {
    check(domain == null || !domain.isBlank(), "domain must not be blank");
    this.domain = domain;
    return this;
  }

  public String getApiPrefix() {
    return apiPrefix;
  }

  /**
   * The JetStream API prefix of the coordination buckets (an account that imports another account's JetStream API
   * under a prefix of its own). Null (the default): {@code $JS.API}. Not together with {@code domain}.
   */
  public PartiOptions setApiPrefix(String apiPrefix) {
    check(apiPrefix == null || !apiPrefix.isBlank(), "apiPrefix must not be blank");
    this.apiPrefix = apiPrefix;
    return this;
  }

  public Duration getWorkerIdTtl() {
    return workerIdTtl;
  }

  public PartiOptions setWorkerIdTtl(Duration workerIdTtl) {
    this.workerIdTtl = maxAge("workerIdTtl", workerIdTtl);
    return this;
  }

  public Duration getHeartbeatInterval() {
    return heartbeatInterval;
  }

  public PartiOptions setHeartbeatInterval(Duration heartbeatInterval) {
    this.heartbeatInterval = positive("heartbeatInterval", heartbeatInterval);
    return this;
  }

  public Duration getHeartbeatTtl() {
    return heartbeatTtl;
  }

  public PartiOptions setHeartbeatTtl(Duration heartbeatTtl) {
    this.heartbeatTtl = maxAge("heartbeatTtl", heartbeatTtl);
    return this;
  }

  public Duration getEmergencyGracePeriod() {
    return emergencyGracePeriod;
  }

  public PartiOptions setEmergencyGracePeriod(Duration emergencyGracePeriod) {
    this.emergencyGracePeriod = notNegative("emergencyGracePeriod", emergencyGracePeriod);
    return this;
  }

  public Duration getElectionTimeout() {
    return electionTimeout;
  }

  public PartiOptions setElectionTimeout(Duration electionTimeout) {
    this.electionTimeout = maxAge("electionTimeout", electionTimeout);
    return this;
  }

  public Duration getColdStartWindow() {
    return coldStartWindow;
  }

  public PartiOptions setColdStartWindow(Duration coldStartWindow) {
    this.coldStartWindow = notNegative("coldStartWindow", coldStartWindow);
    return this;
  }

  public Duration getPlannedScaleWindow() {
    return plannedScaleWindow;
  }

  public PartiOptions setPlannedScaleWindow(Duration plannedScaleWindow) {
    this.plannedScaleWindow = notNegative("plannedScaleWindow", plannedScaleWindow);
    return this;
  }

  public Duration getRebalanceCooldown() {
    return rebalanceCooldown;
  }

  public PartiOptions setRebalanceCooldown(Duration rebalanceCooldown) {
    this.rebalanceCooldown = notNegative("rebalanceCooldown", rebalanceCooldown);
    return this;
  }

  public Duration getOperationTimeout() {
    return operationTimeout;
  }

  public PartiOptions setOperationTimeout(Duration operationTimeout) {
    this.operationTimeout = positive("operationTimeout", operationTimeout);
    return this;
  }

  public Duration getStartTimeout() {
    return startTimeout;
  }

  /**
   * Bound of a partition verticle's start. A start still running after it counts as failed: the partition's gate
   * closes, the start is retried like any failed start, and the verticle is undeployed if its start completes later.
   */
  public PartiOptions setStartTimeout(Duration startTimeout) {
    this.startTimeout = positive("startTimeout", startTimeout);
    return this;
  }

  public Duration getDrainTimeout() {
    return drainTimeout;
  }

  public PartiOptions setDrainTimeout(Duration drainTimeout) {
    this.drainTimeout = positive("drainTimeout", drainTimeout);
    return this;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public PartiOptions setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = positive("shutdownTimeout", shutdownTimeout);
    return this;
  }

  public Duration getJoinTimeout() {
    return joinTimeout;
  }

  /**
   * How long deployment waits, once the worker holds an id and joined, for the first assignment that includes it
   * (claiming the id and opening the buckets have bounds of their own). Past it the deployment fails
   * with {@link PartiException.Timeout} and leaves nothing behind (the id is released), instead of hanging while,
   * say, no leader can commit.
   */
  public PartiOptions setJoinTimeout(Duration joinTimeout) {
    this.joinTimeout = positive("joinTimeout", joinTimeout);
    return this;
  }

  public int getBucketReplicas() {
    return bucketReplicas;
  }

  /** Replicas of buckets this coordinator creates: 1, or 3 (or 5) on a JetStream cluster. */
  public PartiOptions setBucketReplicas(int bucketReplicas) {
    check(bucketReplicas >= 1 && bucketReplicas <= 5, "bucketReplicas must be between 1 and 5, was " + bucketReplicas);
    this.bucketReplicas = bucketReplicas;
    return this;
  }

  public boolean isAdaptiveWindows() {
    return adaptiveWindows;
  }

  /**
   * Whether the rebalance windows adapt to how many workers come. Off (the default), every join waits for {@code
   * rebalanceCooldown}'s remainder plus {@code plannedScaleWindow}, and a cold start for {@code coldStartWindow}, so
   * that workers started together make one rebalance. On, a join that finds the leader idle (no window open, no
   * hand-off under way, the cooldown over) rebalances at once, and a cold start plans at once for the workers seen so
   * far; a join that comes while a rebalance is under way waits for the window as before, so a burst of joins still
   * makes few rebalances.
   */
  public PartiOptions setAdaptiveWindows(boolean adaptiveWindows) {
    this.adaptiveWindows = adaptiveWindows;
    return this;
  }

  /** Whether the policy is {@link DegradedPolicy#FENCE}. */
  public boolean isDegradedFencing() {
    return degradedPolicy == DegradedPolicy.FENCE;
  }

  /**
   * What a worker does with its partitions while it cannot reach NATS. Off (the default), it keeps running
   * them on its cached assignment: work goes on through a NATS outage, but if the rest of the fleet still
   * reaches NATS, the leader gives the partitions to others after heartbeat TTL + grace, and both run them
   * until this worker is back. On, the worker stops its partitions before that moment (heartbeat TTL + grace,
   * less one heartbeat interval and one operation timeout, after its last heartbeat landed), so a partition
   * never runs twice even across a network partition, at the price of stopping work during a NATS outage.
   */
  public PartiOptions setDegradedFencing(boolean degradedFencing) {
    if (degradedFencing) {
      degradedPolicy = DegradedPolicy.FENCE;
    } else if (degradedPolicy == DegradedPolicy.FENCE) {
      degradedPolicy = DegradedPolicy.STOP_AT_LEASE_END;
    }
    return this;
  }

  public DegradedPolicy getDegradedPolicy() {
    return degradedPolicy;
  }

  /**
   * What a worker out of contact with NATS does with its partitions: keep running them (also past its id lease),
   * stop them at its id lease deadline (the default), or fence them before the leader may give them away. {@code
   * setDegradedFencing(true)} is {@link DegradedPolicy#FENCE}.
   */
  public PartiOptions setDegradedPolicy(DegradedPolicy degradedPolicy) {
    this.degradedPolicy = java.util.Objects.requireNonNull(degradedPolicy, "degradedPolicy");
    return this;
  }

  /** How long after its last heartbeat landed a worker with {@link #isDegradedFencing()} stops its partitions. */
  public Duration degradedFencingDelay() {
    return heartbeatTtl.plus(emergencyGracePeriod).minus(heartbeatInterval).minus(operationTimeout);
  }

  public String getAssignmentsAddress() {
    return assignmentsAddress;
  }

  public PartiOptions setAssignmentsAddress(String assignmentsAddress) {
    this.assignmentsAddress = address("assignmentsAddress", assignmentsAddress);
    return this;
  }

  public String getStateAddress() {
    return stateAddress;
  }

  public PartiOptions setStateAddress(String stateAddress) {
    this.stateAddress = address("stateAddress", stateAddress);
    return this;
  }

  public String getLeadershipAddress() {
    return leadershipAddress;
  }

  public PartiOptions setLeadershipAddress(String leadershipAddress) {
    this.leadershipAddress = address("leadershipAddress", leadershipAddress);
    return this;
  }

  public String getHandoffAddress() {
    return handoffAddress;
  }

  public PartiOptions setHandoffAddress(String handoffAddress) {
    this.handoffAddress = address("handoffAddress", handoffAddress);
    return this;
  }

  /** The bucket of worker ids: {@code <group>-ids}. */
  public String idsBucket() {
    return group + "-ids";
  }

  /** The bucket of the leader lease: {@code <group>-leader}. */
  public String leaderBucket() {
    return group + "-leader";
  }

  /** The bucket of heartbeats: {@code <group>-hb}. */
  public String heartbeatBucket() {
    return group + "-hb";
  }

  /** The bucket of the assignment: {@code <group>-assign}. */
  public String assignmentBucket() {
    return group + "-assign";
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  private static String name(String option, String value) {
    check(value != null && NAME.matcher(value).matches(),
        option + " must be a non-empty name of letters, digits, '-' and '_', was " + (value == null ? "null" : "\"" + value + "\""));
    return value;
  }

  private static String address(String option, String value) {
    check(value != null && !value.isBlank(), option + " must not be empty");
    return value;
  }

  private static Duration positive(String option, Duration value) {
    Objects.requireNonNull(value, option);
    check(!value.isNegative() && !value.isZero(), option + " must be > 0, was " + value);
    return value;
  }

  /** A bucket's MaxAge: nats-server refuses one under {@link #MIN_BUCKET_MAX_AGE}, so the buckets could not be created. */
  private static Duration maxAge(String option, Duration value) {
    positive(option, value);
    check(value.compareTo(MIN_BUCKET_MAX_AGE) >= 0, option + " must be >= " + MIN_BUCKET_MAX_AGE.toMillis()
        + " ms (it is a bucket's MaxAge, and nats-server refuses less), was " + value);
    return value;
  }

  private static Duration notNegative(String option, Duration value) {
    Objects.requireNonNull(value, option);
    check(!value.isNegative(), option + " must be >= 0, was " + value);
    return value;
  }
}

package dev.sluice.route;

import dev.sluice.client.Envelope;
import dev.sluice.client.MessageContent;
import dev.sluice.client.ReplyAdvice;
import dev.sluice.client.SmtpClient;
import dev.sluice.client.SmtpClientConfig;
import dev.sluice.client.TlsMode;
import dev.sluice.client.TransportType;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.bulk.Outcome;
import dev.sluice.client.bulk.Room;
import dev.sluice.client.bulk.TransformPool;
import dev.sluice.route.dns.MailDns;
import dev.sluice.route.dns.MailResolver;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.route.sts.StsPolicies;
import dev.sluice.route.tls.CertificateCheck;
import dev.sluice.route.tls.DanePolicies;
import dev.sluice.route.tls.TlsReports;
import dev.sluice.route.tls.TlsPolicy;
import dev.sluice.route.tls.TlsPolicySource;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivers messages to their recipients' own mail servers. For each message: recipients are split
 * by domain, each domain resolved (MX → addresses, null MX, implicit MX, static routes; cached by
 * TTL), domains that share a host set grouped into one destination (one transaction per
 * destination), and each destination's part handed to its pool, with its own limits, retries and
 * suspension. Every recipient ends in exactly one {@link RecipientOutcome}; the message's future
 * completes when all have.
 *
 * <pre>{@code
 * try (Router router = Router.create(RouterConfig.builder().heloName("mta.example.com").build())) {
 *   MessageOutcome o = router.submit(Envelope.of("me@example.com", "a@example.org", "b@example.net"),
 *       MessageContent.of(mime)).join();
 *   o.recipients().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Backpressure: at most {@link RouterConfig#maxInFlight()} messages are between {@link #submit}
 * and their outcome; {@code submit} waits for room (never call it on an event loop). Nothing in the
 * routing path blocks: DNS, policy and connections are futures on the router's event loops.
 */
public final class Router implements AutoCloseable {

  private final RouterConfig config;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final MailDns dns;
  private final RouteResolver resolver;
  private final TlsPolicySource policies;
  private final RoutePlanner planner;
  private final CertificateCheck certificates;
  private final RouterTls tls;
  private final HostHealth health = new HostHealth();
  private final ConnectionCap globalCap;
  private final Map<String, ConnectionCap> suffixCaps = new ConcurrentHashMap<>();
  private final Map<DestinationKey, DestinationLane> lanes = new ConcurrentHashMap<>();
  private final Map<String, SmtpClient> clients = new ConcurrentHashMap<>();
  private final Map<String, KnownRoute> routes = new ConcurrentHashMap<>();
  private final Room room;
  /** Signs (or otherwise changes) each message off the event loops; null without a transform. */
  private final TransformPool transforms;
  private final ScheduledFuture<?> sweeper;
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final LongAdder[] messages = newAdders(MessageOutcome.Status.values().length);
  private final LongAdder[] recipients = newAdders(Outcome.Status.values().length);
  private final LongAdder retries = new LongAdder();
  private volatile boolean closing;

  private Router(RouterConfig config, EventLoopGroup group, boolean ownsGroup, MailResolver resolverOverride) {
    this.config = config;
    this.group = group;
    this.ownsGroup = ownsGroup;
    this.dns = MailDns.create(group, config.dns());
    this.resolver = new RouteResolver(resolverOverride != null ? resolverOverride : dns, config.rules());
    this.tls = new RouterTls(config, group, dns);
    this.policies = tls.policies();
    this.planner = new RoutePlanner(config.shaping());
    this.certificates = new CertificateCheck(config.trust());
    this.globalCap = new ConnectionCap(config.shaping().maxConnections(), this::reclaimIdleConnection);
    this.room = new Room(config.maxInFlight());
    this.transforms = config.transform() == null ? null : new TransformPool(config.transform());
    this.sweeper = group.next().scheduleWithFixedDelay(this::sweep, 5, 5, TimeUnit.SECONDS);
  }

  /** A router with its own event loops ({@link RouterConfig#ioThreads()}), closed with it. */
  public static Router create(RouterConfig config) {
    return new Router(config, newGroup(config.transport(), config.ioThreads()), true, null);
  }

  /** A router on a shared event loop group, which stays open when the router closes. */
  public static Router create(RouterConfig config, EventLoopGroup group) {
    return new Router(config, group, false, null);
  }

  /** For tests of routing without a DNS server: answers come from {@code resolver}. */
  static Router create(RouterConfig config, EventLoopGroup group, MailResolver resolver) {
    return new Router(config, group, false, resolver);
  }

  public RouterConfig config() {
    return config;
  }

  /**
   * Submits a message; waits while {@link RouterConfig#maxInFlight()} messages are pending. The
   * content is retained until every recipient's outcome is known; the caller keeps its own
   * reference. The future never fails: every problem is a recipient's outcome. With a
   * {@link RouterConfig#transform()} (DKIM signing), the message is changed first on a bounded pool
   * of worker threads; if that fails, nothing is sent and every recipient is FAILED.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public CompletableFuture<MessageOutcome> submit(Envelope envelope, MessageContent content)
      throws InterruptedException {
    if (closing) {
      throw new IllegalStateException("the router is closed");
    }
    room.acquire(Long.MAX_VALUE);
    content.retain();
    submitted.incrementAndGet();
    pending.incrementAndGet();
    if (transforms == null) {
      Delivery d = new Delivery(this, envelope, content);
      start(d);
      return d.outcome;
    }
    CompletableFuture<MessageOutcome> outcome = new CompletableFuture<>();
    transforms.apply(envelope, content).whenComplete((changed, error) -> {
      Delivery d;
      if (error == null && changed != null) {
        content.release(); // the transform's result holds what it needs of it
        d = new Delivery(this, envelope, changed);
        start(d);
      } else {
        d = new Delivery(this, envelope, content);
        refuse(d, error == null ? new NullPointerException("the message transform returned null") : error);
      }
      d.outcome.thenAccept(outcome::complete);
    });
    return outcome;
  }

  /** The transform failed (a DKIM key missing for the From domain, say): nothing is sent, every recipient FAILED. */
  private static void refuse(Delivery d, Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    List<String> rcpts = d.envelope.recipients();
    for (int i = 0; i < rcpts.size(); i++) {
      d.settle(new Delivery.Rcpt(i, rcpts.get(i), rcpts.get(i), ""), Outcome.Status.FAILED, null, null,
          "not sent: the message transform failed: " + cause, 0);
    }
  }

  /** Where mail for {@code domain} goes now (resolving it if needed), for display. */
  public CompletableFuture<RouteReport> route(String domain) {
    String ascii = DomainNames.isAddressLiteral(domain) ? domain : DomainNames.toAscii(domain);
    return resolver.resolve(ascii).thenCompose(found -> policies.policyFor(found).thenApply(tls -> {
      DomainRoute route = RouteResolver.restrict(found, tls);
      if (!route.deliverable()) {
        return new RouteReport(domain, route, tls, null, null);
      }
      DestinationKey key = planner.destinationOf(new RoutePlanner.Resolved(ascii, route, tls));
      return new RouteReport(domain, route, tls, key, planner.limitsOf(key, route.hosts()).toPoolConfig());
    }));
  }

  public RouterStats stats() {
    return new RouterStats(submitted.get(), sum(messages, MessageOutcome.Status.DELIVERED),
        sum(messages, MessageOutcome.Status.PARTIAL), sum(messages, MessageOutcome.Status.REJECTED),
        sum(messages, MessageOutcome.Status.FAILED), sum(messages, MessageOutcome.Status.UNKNOWN), pending.get(),
        recipients[Outcome.Status.DELIVERED.ordinal()].sum(), recipients[Outcome.Status.REJECTED.ordinal()].sum(),
        recipients[Outcome.Status.FAILED.ordinal()].sum(), recipients[Outcome.Status.UNKNOWN.ordinal()].sum(),
        retries.sum(), lanes.size(), globalCap.used(), globalCap.waiting(), dns.queriesSent(), dns.cacheHits());
  }

  /** Connections holding a permit of the shared budget of MX suffix {@code suffix} now (tests, diagnostics). */
  int connectionsUnder(String suffix) {
    ConnectionCap cap = suffixCaps.get(suffix);
    return cap == null ? 0 : cap.used();
  }

  /** The resolver's own counters and cache (for diagnostics and benchmarks). */
  public MailDns dns() {
    return dns;
  }

  // ---- the path of a message ----

  private void start(Delivery d) {
    Map<String, List<Delivery.Rcpt>> byDomain = new LinkedHashMap<>();
    List<String> rcpts = d.envelope.recipients();
    for (int i = 0; i < rcpts.size(); i++) {
      String address = rcpts.get(i);
      String domain;
      try {
        domain = DomainNames.domainOf(address);
        if (!DomainNames.isAddressLiteral(domain)) {
          domain = DomainNames.toAscii(domain);
        }
      } catch (IllegalArgumentException e) {
        d.settle(new Delivery.Rcpt(i, address, address, ""), Outcome.Status.REJECTED, null, null,
            "permanent: " + e.getMessage(), 0);
        continue;
      }
      String local = address.substring(0, address.lastIndexOf('@'));
      // An ASCII local part goes with the A-label domain, so that a server without SMTPUTF8 takes it.
      String wire = local.chars().allMatch(c -> c < 0x80) ? local + "@" + domain : address;
      byDomain.computeIfAbsent(domain, k -> new ArrayList<>()).add(new Delivery.Rcpt(i, address, wire, domain));
    }
    if (!byDomain.isEmpty()) {
      resolveAndSend(d, byDomain, 1);
    }
  }

  /** A deliverable domain's route and destination, kept for {@link #ROUTE_MEMORY_NANOS}. */
  private record KnownRoute(RoutePlanner.Resolved resolved, DestinationKey key, long expiresAt) {}

  /**
   * How long a resolved route is reused without asking the resolver again. The DNS cache keeps
   * answers for their TTL; this only spares re-assembling the same route for every message of a
   * burst (measured: the per-message route assembly was most of the routing cost), at the price of
   * honouring a TTL change up to one second late.
   */
  private static final long ROUTE_MEMORY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private void resolveAndSend(Delivery d, Map<String, List<Delivery.Rcpt>> byDomain, int attempt) {
    List<CompletableFuture<RoutePlanner.Resolved>> lookups = new ArrayList<>();
    long now = System.nanoTime();
    for (String domain : byDomain.keySet()) {
      KnownRoute known = routes.get(domain);
      if (known != null && now - known.expiresAt() < 0) {
        lookups.add(CompletableFuture.completedFuture(known.resolved()));
        continue;
      }
      lookups.add(resolver.resolve(domain)
          .thenCompose(route -> policies.policyFor(route).thenApply(tls -> remember(new RoutePlanner.Resolved(domain,
              RouteResolver.restrict(route, tls), tls))))
          .exceptionally(e -> new RoutePlanner.Resolved(domain, DomainRoute.failed(domain, DomainRoute.Kind.UNROUTABLE,
              config.port(), true, "TLS policy lookup failed: " + e.getMessage(), List.of()), TlsPolicy.OPPORTUNISTIC)));
    }
    if (lookups.size() == 1 && lookups.get(0).isDone()) {
      dispatch(d, byDomain, List.of(lookups.get(0).join()), attempt);
      return;
    }
    CompletableFuture.allOf(lookups.toArray(new CompletableFuture<?>[0])).whenComplete((v, e) -> {
      List<RoutePlanner.Resolved> resolved = lookups.stream().map(CompletableFuture::join).toList();
      dispatch(d, byDomain, resolved, attempt);
    });
  }

  private RoutePlanner.Resolved remember(RoutePlanner.Resolved r) {
    if (r.route().deliverable()) {
      routes.put(r.domain(), new KnownRoute(r, planner.destinationOf(r), System.nanoTime() + ROUTE_MEMORY_NANOS));
    }
    return r;
  }

  private DestinationKey destinationOf(RoutePlanner.Resolved r) {
    KnownRoute known = routes.get(r.domain());
    return known != null && known.resolved() == r ? known.key() : planner.destinationOf(r);
  }

  private void dispatch(Delivery d, Map<String, List<Delivery.Rcpt>> byDomain, List<RoutePlanner.Resolved> resolved,
      int attempt) {
    Map<String, List<Delivery.Rcpt>> again = new LinkedHashMap<>();
    for (RoutePlanner.Resolved r : resolved) {
      DomainRoute route = r.route();
      if (route.deliverable()) {
        continue;
      }
      if (route.transientFailure() && attempt < config.retry().maxAttempts()) {
        again.put(r.domain(), byDomain.get(r.domain()));
        continue;
      }
      Outcome.Status status = route.transientFailure() ? Outcome.Status.FAILED : Outcome.Status.REJECTED;
      String detail = (route.transientFailure() ? "transient, gave up after " + attempt + " attempt(s): "
          : "permanent: ") + route.problem();
      byDomain.get(r.domain()).forEach(rc -> d.settle(rc, status, null, null, detail, 0));
    }
    if (!again.isEmpty()) {
      retried(again.values().stream().mapToInt(List::size).sum());
      group.next().schedule(() -> resolveAndSend(d, again, attempt + 1), retryDelayNanos(attempt, null),
          TimeUnit.NANOSECONDS);
    }
    for (Map.Entry<DestinationKey, List<RoutePlanner.Resolved>> g : planner.group(resolved, this::destinationOf)
        .entrySet()) {
      List<Delivery.Rcpt> rcpts = new ArrayList<>();
      g.getValue().forEach(r -> rcpts.addAll(byDomain.get(r.domain())));
      List<MxHost> hosts = g.getValue().get(0).route().hosts();
      Delivery.Job job = new Delivery.Job(d, rcpts, 0);
      DestinationLane lane;
      do {
        lane = laneFor(g.getKey(), hosts);
        for (RoutePlanner.Resolved r : g.getValue()) {
          lane.serves(r.domain(), r.tls());
        }
        if (lane.submit(job, hosts)) {
          break;
        }
        lanes.remove(g.getKey()); // retired meanwhile: make a fresh one
      } while (true);
    }
  }

  private DestinationLane laneFor(DestinationKey key, List<MxHost> hosts) {
    return lanes.computeIfAbsent(key, k -> {
      // The narrower budget first: a connection waiting for its suffix's budget holds no global permit.
      List<ConnectionCap> caps = new ArrayList<>();
      Shaping.SuffixRule suffix = config.shaping().suffixRuleFor(hosts.stream().map(MxHost::name).toList());
      if (suffix != null && suffix.sharedConnections() > 0) {
        caps.add(suffixCaps.computeIfAbsent(suffix.suffix(),
            s -> new ConnectionCap(suffix.sharedConnections(), this::reclaimIdleConnection)));
      }
      caps.add(globalCap);
      return new DestinationLane(this, k, hosts, planner.limitsOf(k, hosts).toPoolConfig(), caps);
    });
  }

  // ---- called by lanes, connectors and deliveries ----

  EventLoopGroup group() {
    return group;
  }

  HostHealth hostHealth() {
    return health;
  }

  CertificateCheck certificateCheck() {
    return certificates;
  }

  DanePolicies danePolicies() {
    return tls.dane();
  }

  /** The MTA-STS policies (null when MTA-STS is off), for probes and diagnostics. */
  public StsPolicies mtaSts() {
    return tls.sts();
  }

  /** TLS results per policy domain (RFC 8460), for export as reports. */
  public TlsReports tlsReports() {
    return tls.reports();
  }

  /** The client for one MX host, port and TLS level (one TLS context each, shared by its connections). */
  SmtpClient clientFor(String host, int port, TlsPolicy.Level level) {
    return clients.computeIfAbsent(host + "|" + port + "|" + level, k -> {
      SmtpClientConfig.Builder b = SmtpClientConfig.builder(host).port(port).timeouts(config.timeouts())
          .transport(config.transport()).chunking(config.chunking()).trace(config.trace());
      if (config.heloName() != null) {
        b.heloName(config.heloName());
      }
      switch (level) {
        case NONE -> b.tlsMode(TlsMode.NONE);
        // Any certificate is accepted by the handshake; the verdict is judged after (CertificateCheck).
        case OPPORTUNISTIC -> b.tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC).trust(TrustConfig.insecure());
        case REQUIRE_VERIFIED -> b.tlsMode(TlsMode.STARTTLS_REQUIRED).trust(config.trust());
        // The certificate is judged against the TLSA records after the handshake (DaneVerifier),
        // before anything but EHLO is sent; a session without TLS is closed there too (MxConnector).
        case DANE -> b.tlsMode(TlsMode.STARTTLS_OPPORTUNISTIC).trust(TrustConfig.insecure());
      }
      return SmtpClient.create(b.build(), group);
    });
  }

  void recipientSettled(Outcome.Status status) {
    recipients[status.ordinal()].increment();
  }

  void retried(int n) {
    retries.add(n);
  }

  void messageFinished(Delivery d, MessageOutcome outcome) {
    messages[outcome.status().ordinal()].increment();
    d.content.release();
    room.release();
    long left = pending.decrementAndGet();
    d.outcome.complete(outcome);
    if (left == 0 && closing) {
      drained.complete(null);
    }
  }

  /** Exponential backoff with jitter (half to all of the value); a server limit is waited out. */
  long retryDelayNanos(int attempt, ReplyAdvice advice) {
    var retry = config.retry();
    double exp = retry.initialDelay().toNanos() * Math.pow(retry.multiplier(), attempt - 1);
    long delay = (long) (Math.min(exp, retry.maxDelay().toNanos()) * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble()));
    if (advice != null && advice.retry() == ReplyAdvice.Retry.SLOWER) {
      delay = Math.max(delay, Math.min(advice.retryAfter().toNanos(), retry.maxDelay().toNanos()));
    }
    return delay;
  }

  /**
   * A connection attempt waits for a permit: close one idle connection of a destination that has
   * nothing to send, so that idle pools do not hold the cap while others wait (Postfix closes cached
   * connections for the same reason when its process limit is reached).
   */
  private void reclaimIdleConnection() {
    for (DestinationLane lane : lanes.values()) {
      if (lane.quitOneIdleConnection()) {
        return;
      }
    }
  }

  private void sweep() {
    tls.refreshDue();
    long now = System.nanoTime();
    routes.values().removeIf(k -> now - k.expiresAt() > 0);
    long idle = TimeUnit.SECONDS.toNanos(30);
    lanes.forEach((k, lane) -> {
      if (lane.retireIfIdle(idle)) {
        lanes.remove(k, lane);
      }
    });
  }

  // ---- shutdown ----

  /** Takes no new messages; completes when every submitted one has its outcome and every connection is closed. */
  public CompletableFuture<Void> closeGracefully() {
    closing = true;
    if (pending.get() == 0) {
      drained.complete(null);
    }
    return drained.thenCompose(v -> {
      sweeper.cancel(false);
      if (transforms != null) {
        transforms.shutdown();
      }
      List<CompletableFuture<Void>> pools = new ArrayList<>();
      lanes.values().forEach(l -> pools.add(l.pool().closeGracefully()));
      return CompletableFuture.allOf(pools.toArray(new CompletableFuture<?>[0]));
    });
  }

  /** {@link #closeGracefully()}, wait for it (up to a minute), then release DNS and the event loops. */
  @Override
  public void close() {
    try {
      closeGracefully().orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
    } finally {
      dns.close();
      tls.close();
      clients.values().forEach(SmtpClient::close);
      if (ownsGroup) {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
      }
    }
  }

  private static EventLoopGroup newGroup(TransportType type, int threads) {
    return dev.sluice.client.Transports.newGroup(type, threads, "sluice-route");
  }

  private static LongAdder[] newAdders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  private static long sum(LongAdder[] a, MessageOutcome.Status s) {
    return a[s.ordinal()].sum();
  }
}

package dev.sluice.route;

import dev.sluice.client.ChunkingPolicy;
import dev.sluice.client.Timeouts;
import dev.sluice.client.TransportType;
import dev.sluice.client.TrustConfig;
import dev.sluice.client.WireTrace;
import dev.sluice.client.bulk.MessageTransform;
import dev.sluice.client.bulk.RetryPolicy;
import dev.sluice.route.dns.DnsConfig;
import dev.sluice.route.shaping.Shaping;
import dev.sluice.route.tls.TlsPolicySource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A router's settings, immutable; build with {@link #builder()}. Defaults are those of an MTA on
 * the Internet: port 25, opportunistic TLS with the verdict recorded, private MX addresses refused,
 * the system's resolvers, RFC 5321 timeouts but a 30 s connect timeout (a dead MX must not hold a
 * message for minutes before the next one is tried).
 *
 * @param heloName the name announced in EHLO (null: this machine's name)
 * @param port the SMTP port of every MX host (25; another only for tests and labs)
 * @param dns how DNS is asked
 * @param shaping limits, per-domain rules and TLS policies, global cap, suspension
 * @param smarthost if set, every message goes there instead of to MX hosts
 * @param timeouts per-phase SMTP timeouts
 * @param trust the CAs that make a certificate "verified"
 * @param tlsPolicies chooses each domain's TLS policy (null: from {@link #shaping()})
 * @param retry retries of transient failures, per destination
 * @param maxInFlight messages between {@link Router#submit} and their outcome, at most
 * @param atLeastOnce also retry deliveries whose fate is unknown (risking duplicates)
 * @param transport the socket layer
 * @param ioThreads event loops of a router that makes its own group (0: one per core)
 * @param chunking BDAT or DATA
 * @param trace wire trace of every connection, or null
 * @param dane DANE for SMTP (RFC 7672): TLSA records of DNSSEC-validated MX hosts make TLS with a
 *     matching certificate mandatory. Needs a validating resolver in {@link #dns()} (one the user
 *     trusts, on this host or a trusted network); without one no answer is validated and DANE
 *     never applies.
 * @param mtaSts MTA-STS (RFC 8461) settings, or null for none; DANE takes precedence where both apply
 * @param transform changes each message once before it is routed (DKIM signing), off the event
 *     loops on a bounded pool; null for none
 */
public record RouterConfig(String heloName, int port, DnsConfig dns, Shaping shaping, StaticRoute smarthost,
    Timeouts timeouts, TrustConfig trust, TlsPolicySource tlsPolicies, RetryPolicy retry, int maxInFlight,
    boolean atLeastOnce, TransportType transport, int ioThreads, ChunkingPolicy chunking, WireTrace trace,
    boolean dane, dev.sluice.route.sts.StsConfig mtaSts, MessageTransform transform) {

  public RouterConfig {
    Objects.requireNonNull(dns, "dns");
    Objects.requireNonNull(shaping, "shaping");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(chunking, "chunking");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535: " + port);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The routing rules (port, private space, static routes) that follow from this configuration. */
  public RoutingRules rules() {
    Map<String, StaticRoute> routes = new HashMap<>();
    shaping.domains().forEach((d, r) -> {
      if (r.route() != null) {
        routes.put(d, r.route());
      }
    });
    return new RoutingRules(port, shaping.allowPrivateMx(), smarthost, routes);
  }

  /** Domains whose TLS policy the shaping rules set explicitly (they are not subject to DANE or MTA-STS). */
  public java.util.Set<String> ownTlsPolicies() {
    java.util.Set<String> out = new java.util.HashSet<>();
    shaping.domains().forEach((d, r) -> {
      if (r.tls() != null) {
        out.add(d);
      }
    });
    return out;
  }

  /** The TLS policy source in force when neither DANE nor MTA-STS applies. */
  public TlsPolicySource effectiveTlsPolicies() {
    if (tlsPolicies != null) {
      return tlsPolicies;
    }
    Map<String, dev.sluice.route.tls.TlsPolicy> perDomain = new HashMap<>();
    shaping.domains().forEach((d, r) -> {
      if (r.tls() != null) {
        perDomain.put(d, r.tls());
      }
    });
    return TlsPolicySource.fixed(shaping.defaultTls(), perDomain);
  }

  /** Builds a {@link RouterConfig}. */
  public static final class Builder {
    private String heloName;
    private int port = 25;
    private DnsConfig dns = DnsConfig.DEFAULT;
    private Shaping shaping = Shaping.DEFAULT;
    private StaticRoute smarthost;
    private Timeouts timeouts = Timeouts.RFC_5321;
    private TrustConfig trust = TrustConfig.system();
    private TlsPolicySource tlsPolicies;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private int maxInFlight = 1000;
    private MessageTransform transform;
    private boolean atLeastOnce;
    private TransportType transport = TransportType.AUTO;
    private int ioThreads;
    private ChunkingPolicy chunking = ChunkingPolicy.PREFER_BDAT;
    private WireTrace trace;
    private boolean dane;
    private dev.sluice.route.sts.StsConfig mtaSts;

    private Builder() {}

    public Builder heloName(String name) {
      this.heloName = name;
      return this;
    }

    /** The SMTP port of every MX host: 25 in production; another port only for tests and labs. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder dns(DnsConfig dns) {
      this.dns = dns;
      return this;
    }

    public Builder shaping(Shaping shaping) {
      this.shaping = shaping;
      return this;
    }

    public Builder smarthost(StaticRoute route) {
      this.smarthost = route;
      return this;
    }

    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    public Builder trust(TrustConfig trust) {
      this.trust = trust;
      return this;
    }

    public Builder tlsPolicies(TlsPolicySource source) {
      this.tlsPolicies = source;
      return this;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    public Builder maxInFlight(int n) {
      this.maxInFlight = n;
      return this;
    }

    public Builder atLeastOnce(boolean b) {
      this.atLeastOnce = b;
      return this;
    }

    public Builder transport(TransportType t) {
      this.transport = t;
      return this;
    }

    public Builder ioThreads(int n) {
      this.ioThreads = n;
      return this;
    }

    public Builder chunking(ChunkingPolicy c) {
      this.chunking = c;
      return this;
    }

    public Builder trace(WireTrace trace) {
      this.trace = trace;
      return this;
    }

    /** DANE for SMTP (RFC 7672); see {@link RouterConfig#dane()}. */
    public Builder dane(boolean on) {
      this.dane = on;
      return this;
    }

    /** MTA-STS (RFC 8461) with these settings; null turns it off (the default). */
    public Builder mtaSts(dev.sluice.route.sts.StsConfig config) {
      this.mtaSts = config;
      return this;
    }

    /** Signs (or otherwise changes) each message once, off the event loops; null for none. */
    public Builder transform(MessageTransform t) {
      this.transform = t;
      return this;
    }

    public RouterConfig build() {
      return new RouterConfig(heloName, port, dns, shaping, smarthost, timeouts, trust, tlsPolicies, retry,
          maxInFlight, atLeastOnce, transport, ioThreads, chunking, trace, dane, mtaSts, transform);
    }
  }
}

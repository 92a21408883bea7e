package dev.sluice.route.dns;

import dev.sluice.client.Transports;

import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.dns.AbstractDnsOptPseudoRrRecord;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A {@link MailResolver} on Netty's {@link DnsNameResolver}: one resolver on one event loop of the
 * client's group, raw queries (so that MX, TXT and TLSA are asked like A), and a cache of its own
 * because Netty caches only address lookups and keeps no negative TTLs from SOA records.
 *
 * <p>Concurrent questions for the same name and type share one query; at most
 * {@link DnsConfig#maxQueriesInFlight()} queries are outstanding. Truncated UDP answers are asked
 * again over TCP (Netty does that when given a socket channel type). Names are sent fully qualified
 * (a trailing dot), so search domains never apply.
 */
public final class MailDns implements MailResolver, AutoCloseable {

  private static final int MAX_CNAME_CHAIN = 8;

  private enum Status { OK, NODATA, NXDOMAIN }

  private record Key(String name, int type) {}

  /** What a question got: the values are MxRecord, InetAddress, String or TlsaRecord. */
  private record Answer(Status status, String canonical, List<Object> values, long ttlSeconds, boolean secure) {}

  private record Cached(Answer answer, long expiresAt) {}

  private final DnsNameResolver resolver;
  private final DnsConfig config;
  private final ConcurrentHashMap<Key, Cached> cache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, CompletableFuture<Answer>> asking = new ConcurrentHashMap<>();
  private final QueryLimit limit;
  private final LongAdder queries = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final List<DnsRecord> additionals;

  private MailDns(EventLoopGroup group, DnsConfig config) {
    this.config = config;
    this.limit = new QueryLimit(config.maxQueriesInFlight());
    DnsNameResolverBuilder b = new DnsNameResolverBuilder(group.next())
        .datagramChannelType(Transports.datagramChannelType(group))
        .socketChannelType(Transports.channelType(group), false)
        .queryTimeoutMillis(config.queryTimeout().toMillis())
        .recursionDesired(true)
        // Our own OPT record (below) carries the DO bit; Netty's would be a second OPT in the query.
        .optResourceEnabled(false)
        .maxPayloadSize(config.udpPayload())
        .searchDomains(List.of())
        .ndots(1);
    if (!config.nameservers().isEmpty()) {
      b.nameServerProvider(new SequentialDnsServerAddressStreamProvider(config.nameservers()));
    } else {
      b.nameServerProvider(DnsServerAddressStreamProviders.platformDefault());
    }
    this.resolver = b.build();
    this.additionals = config.udpPayload() > 512 ? List.of(new DnssecOk(config.udpPayload())) : List.of();
  }

  /**
   * EDNS0 (RFC 6891) with the DO bit set (RFC 3225): a validating resolver then says in the AD bit
   * whether it validated the answer (RFC 6840 §5.7-5.8 — it sets AD only for a query with DO or AD).
   * The RRSIGs that come along are skipped when the answer is read.
   */
  private static final class DnssecOk extends AbstractDnsOptPseudoRrRecord {
    DnssecOk(int payload) {
      super(payload, 0, 0, 0x8000);
    }
  }

  /** A resolver on one event loop of {@code group} (which stays the caller's to close). */
  public static MailDns create(EventLoopGroup group, DnsConfig config) {
    return new MailDns(group, config);
  }

  public DnsConfig config() {
    return config;
  }

  @Override
  public CompletableFuture<MxAnswer> mx(String domain) {
    return lookup(domain, DnsRecordType.MX).thenApply(a -> {
      if (a.status() == Status.NXDOMAIN) {
        throw new DnsLookupException(DnsLookupException.Kind.NXDOMAIN, domain, "MX", "no such domain", null);
      }
      List<MxRecord> records = new ArrayList<>();
      a.values().forEach(v -> records.add((MxRecord) v));
      return new MxAnswer(a.canonical(), records);
    });
  }

  @Override
  public CompletableFuture<List<InetAddress>> addresses(String host) {
    return switch (config.addressOrder()) {
      case IPV4_ONLY -> family(host, DnsRecordType.A);
      case IPV6_ONLY -> family(host, DnsRecordType.AAAA);
      case IPV4_FIRST -> both(host, DnsRecordType.A, DnsRecordType.AAAA);
      case IPV6_FIRST -> both(host, DnsRecordType.AAAA, DnsRecordType.A);
    };
  }

  /** The TXT records of {@code name} (each record's strings joined); empty when there are none. */
  public CompletableFuture<List<String>> txt(String name) {
    return values(name, DnsRecordType.TXT, v -> (String) v);
  }

  /** The TLSA records of {@code name} (e.g. {@code _25._tcp.mx.example.com}); empty when there are none. */
  public CompletableFuture<List<TlsaRecord>> tlsa(String name) {
    return values(name, DnsRecordType.TLSA, v -> (TlsaRecord) v);
  }

  /**
   * The MX records of {@code domain} and whether the resolver validated them (DNSSEC, the AD bit).
   * Only as trustworthy as the path to the resolver: use a validating resolver on this host or on a
   * trusted network, as for Postfix's DANE.
   */
  public CompletableFuture<Validated<MxAnswer>> mxValidated(String domain) {
    return lookup(domain, DnsRecordType.MX).thenApply(a -> {
      if (a.status() == Status.NXDOMAIN) {
        throw new DnsLookupException(DnsLookupException.Kind.NXDOMAIN, domain, "MX", "no such domain", null);
      }
      List<MxRecord> records = new ArrayList<>();
      a.values().forEach(v -> records.add((MxRecord) v));
      return new Validated<>(new MxAnswer(a.canonical(), records), a.secure());
    });
  }

  /** {@link #tlsa(String)} and whether the answer (records or their absence) was validated. */
  public CompletableFuture<Validated<List<TlsaRecord>>> tlsaValidated(String name) {
    return lookup(name, DnsRecordType.TLSA).thenApply(a -> {
      List<TlsaRecord> out = new ArrayList<>();
      a.values().forEach(v -> out.add((TlsaRecord) v));
      return new Validated<>(List.copyOf(out), a.secure()); // NXDOMAIN: no records (RFC 7672 §2.2.3)
    });
  }

  /** Whether the addresses of {@code host} (A, or AAAA when it has no A) were validated. */
  public CompletableFuture<Boolean> addressesSecure(String host) {
    DnsRecordType first = config.addressOrder() == DnsConfig.AddressOrder.IPV6_FIRST
        || config.addressOrder() == DnsConfig.AddressOrder.IPV6_ONLY ? DnsRecordType.AAAA : DnsRecordType.A;
    return lookup(host, first).thenApply(Answer::secure);
  }

  /** Queries sent so far (cache hits and shared questions not counted). */
  public long queriesSent() {
    return queries.sum();
  }

  /** Questions answered from the cache. */
  public long cacheHits() {
    return hits.sum();
  }

  /** Answers in the cache now (some may have expired and not been swept yet). */
  public int cachedAnswers() {
    return cache.size();
  }

  private CompletableFuture<List<InetAddress>> family(String host, DnsRecordType type) {
    return lookup(host, type).thenApply(a -> {
      if (a.status() == Status.NXDOMAIN) {
        throw new DnsLookupException(DnsLookupException.Kind.NXDOMAIN, host, type.name(), "no such host", null);
      }
      List<InetAddress> out = new ArrayList<>();
      a.values().forEach(v -> out.add((InetAddress) v));
      return out;
    });
  }

  /**
   * Both families, asked at once; a failure of one is forgiven when the other gave addresses (an
   * AAAA query that times out must not stop delivery over IPv4).
   */
  private CompletableFuture<List<InetAddress>> both(String host, DnsRecordType first, DnsRecordType second) {
    CompletableFuture<List<InetAddress>> a = family(host, first);
    CompletableFuture<List<InetAddress>> b = family(host, second);
    return a.handle((x, ex) -> b.handle((y, ey) -> {
      List<InetAddress> out = new ArrayList<>();
      if (x != null) {
        out.addAll(x);
      }
      if (y != null) {
        out.addAll(y);
      }
      if (out.isEmpty() && (ex != null || ey != null)) {
        Throwable e = unwrap(ex != null ? ex : ey);
        Throwable other = ex != null && ey != null ? unwrap(ey) : null;
        // Both families must say NXDOMAIN for the host to be gone; otherwise report the transient one.
        if (e instanceof DnsLookupException d && d.isPermanent() && other instanceof DnsLookupException o
            && !o.isPermanent()) {
          e = o;
        } else if (e instanceof DnsLookupException d && d.isPermanent() && (ex == null || ey == null)) {
          return out; // one family does not exist, the other has no records: no address
        }
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      return out;
    })).thenCompose(f -> f);
  }

  private <T> CompletableFuture<List<T>> values(String name, DnsRecordType type, Function<Object, T> cast) {
    return lookup(name, type).thenApply(a -> {
      if (a.status() == Status.NXDOMAIN) {
        throw new DnsLookupException(DnsLookupException.Kind.NXDOMAIN, name, type.name(), "no such name", null);
      }
      List<T> out = new ArrayList<>();
      a.values().forEach(v -> out.add(cast.apply(v)));
      return out;
    });
  }

  private CompletableFuture<Answer> lookup(String name, DnsRecordType type) {
    Key key = new Key(Records.canonical(name), type.intValue());
    Cached c = cache.get(key);
    if (c != null) {
      if (System.nanoTime() - c.expiresAt() < 0) {
        hits.increment();
        return CompletableFuture.completedFuture(c.answer());
      }
      cache.remove(key, c);
    }
    CompletableFuture<Answer> mine = new CompletableFuture<>();
    CompletableFuture<Answer> shared = asking.putIfAbsent(key, mine);
    if (shared != null) {
      return shared;
    }
    resolve(key.name(), type, 0).whenComplete((answer, error) -> {
      if (error == null) {
        remember(key, answer); // cached before the question is forgotten: no gap for a second query
      }
      asking.remove(key, mine);
      if (error != null) {
        mine.completeExceptionally(unwrap(error));
      } else {
        mine.complete(answer);
      }
    });
    return mine;
  }

  private void remember(Key key, Answer answer) {
    long ttl = answer.ttlSeconds();
    long cap = (answer.status() == Status.OK ? config.maxTtl() : config.maxNegativeTtl()).toSeconds();
    ttl = Math.min(ttl, cap);
    if (ttl <= 0 || cache.size() >= config.maxCachedAnswers()) {
      return;
    }
    cache.put(key, new Cached(answer, System.nanoTime() + TimeUnit.SECONDS.toNanos(ttl)));
  }

  /** Asks about {@code name}, following a CNAME chain that the answer does not finish. */
  private CompletableFuture<Answer> resolve(String name, DnsRecordType type, int depth) {
    return ask(name, type, 1).thenCompose(answer -> {
      if (answer.status() != Status.OK || !answer.values().isEmpty() || answer.canonical().equals(name)) {
        return CompletableFuture.completedFuture(answer);
      }
      if (depth >= MAX_CNAME_CHAIN) {
        throw new DnsLookupException(DnsLookupException.Kind.MALFORMED, name, type.name(), "CNAME chain too long", null);
      }
      // The alias's target was not in the answer: ask about it (RFC 5321 §5.1: processed as if it were the initial name).
      return resolve(answer.canonical(), type, depth + 1).thenApply(next ->
          new Answer(next.status(), next.canonical(), next.values(), Math.min(next.ttlSeconds(), answer.ttlSeconds()),
              next.secure() && answer.secure()));
    });
  }

  /** One question, sent up to {@link DnsConfig#attempts()} times when no answer comes. */
  private CompletableFuture<Answer> ask(String name, DnsRecordType type, int attempt) {
    CompletableFuture<Answer> result = new CompletableFuture<>();
    limit.run(() -> {
      queries.increment();
      resolver.query(new DefaultDnsQuestion(name + ".", type), additionals).addListener(f -> {
        limit.release();
        if (!f.isSuccess()) {
          if (attempt < config.attempts()) {
            ask(name, type, attempt + 1).whenComplete((a, e) -> {
              if (e != null) {
                result.completeExceptionally(unwrap(e));
              } else {
                result.complete(a);
              }
            });
          } else {
            result.completeExceptionally(new DnsLookupException(DnsLookupException.Kind.TIMEOUT, name, type.name(),
                "no answer after " + config.attempts() + " attempt(s) of " + config.queryTimeout().toMillis() + " ms",
                f.cause()));
          }
          return;
        }
        @SuppressWarnings("unchecked")
        AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
            (AddressedEnvelope<DnsResponse, InetSocketAddress>) f.getNow();
        try {
          result.complete(read(name, type, envelope.content()));
        } catch (RuntimeException e) {
          result.completeExceptionally(e instanceof DnsLookupException ? e
              : new DnsLookupException(DnsLookupException.Kind.MALFORMED, name, type.name(), e.getMessage(), e));
        } finally {
          envelope.release();
        }
      });
    });
    return result;
  }

  private static Answer read(String name, DnsRecordType type, DnsResponse response) {
    DnsResponseCode code = response.code();
    // The AD bit is the middle bit of the header's 3-bit Z field as Netty decodes it (Z, AD, CD).
    boolean secure = (response.z() & 0x2) != 0;
    if (code == DnsResponseCode.NXDOMAIN) {
      return new Answer(Status.NXDOMAIN, name, List.of(), negativeTtl(response), secure);
    }
    if (code == DnsResponseCode.SERVFAIL) {
      throw new DnsLookupException(DnsLookupException.Kind.SERVFAIL, name, type.name(), "the server failed", null);
    }
    if (code != DnsResponseCode.NOERROR) {
      throw new DnsLookupException(DnsLookupException.Kind.REFUSED, name, type.name(), "rcode " + code, null);
    }
    String current = name;
    long ttl = Long.MAX_VALUE;
    List<Object> values = new ArrayList<>();
    int n = response.count(DnsSection.ANSWER);
    for (int hop = 0; hop <= MAX_CNAME_CHAIN; hop++) {
      String alias = null;
      for (int i = 0; i < n; i++) {
        DnsRecord r = response.recordAt(DnsSection.ANSWER, i);
        if (!Records.canonical(r.name()).equals(current)) {
          continue;
        }
        if (r.type() == type) {
          values.add(decode(type, r));
          ttl = Math.min(ttl, r.timeToLive());
        } else if (r.type() == DnsRecordType.CNAME) {
          alias = Records.name(r);
          ttl = Math.min(ttl, r.timeToLive());
        }
      }
      if (!values.isEmpty() || alias == null) {
        break;
      }
      current = alias;
    }
    if (values.isEmpty() && current.equals(name)) {
      return new Answer(Status.NODATA, name, List.of(), negativeTtl(response), secure);
    }
    return new Answer(Status.OK, current, List.copyOf(values), ttl == Long.MAX_VALUE ? 0 : ttl, secure);
  }

  private static Object decode(DnsRecordType type, DnsRecord r) {
    if (type == DnsRecordType.MX) {
      return Records.mx(r);
    }
    if (type == DnsRecordType.A || type == DnsRecordType.AAAA) {
      return Records.address(r);
    }
    if (type == DnsRecordType.TXT) {
      return Records.txt(r);
    }
    if (type == DnsRecordType.TLSA) {
      return Records.tlsa(r);
    }
    throw new IllegalArgumentException("unexpected record type " + type);
  }

  private static long negativeTtl(DnsResponse response) {
    for (int i = 0; i < response.count(DnsSection.AUTHORITY); i++) {
      DnsRecord r = response.recordAt(DnsSection.AUTHORITY, i);
      if (r.type() == DnsRecordType.SOA) {
        return Records.negativeTtl(r);
      }
    }
    return 0; // RFC 2308 §5: without an SOA, a negative answer is not cached
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public void close() {
    resolver.close();
  }
}

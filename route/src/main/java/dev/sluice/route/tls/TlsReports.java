package dev.sluice.route.tls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * TLS results of a router's sessions, per policy domain and policy (RFC 8460 §4): sessions that
 * achieved what their policy asked for, and failures by result type, MX host and address. Exported
 * as RFC 8460 JSON reports for the user to submit (sending them is not this class's job); counters
 * only grow, so a report covers the time since the router started (or since {@link #reset()}).
 */
public final class TlsReports {

  /** One policy domain's counts under one policy. */
  public record Summary(String domain, TlsPolicy.Type type, long successful, long failed,
      Map<TlsResultType, Long> failuresByType) {}

  private record Key(String domain, TlsPolicy.Type type) {}

  private record FailureKey(TlsResultType type, String mxHost, String ip, String info) {}

  private static final class Counts {
    final LongAdder ok = new LongAdder();
    final Map<FailureKey, LongAdder> failures = new ConcurrentHashMap<>();
    volatile List<String> policyStrings = List.of();
    volatile List<String> mxHosts = List.of();
  }

  private final Map<Key, Counts> counts = new ConcurrentHashMap<>();
  private volatile Instant since = Instant.now();

  /** A session to {@code mxHost} for {@code domain} under {@code policy} achieved what the policy asked. */
  public void success(String domain, TlsPolicy policy) {
    counts(domain, policy).ok.increment();
  }

  /**
   * A session failed its policy (or, under no policy, ran without TLS). {@code detail} becomes the
   * report's {@code additional-information}.
   */
  public void failure(String domain, TlsPolicy policy, TlsResultType type, String mxHost, InetAddress ip,
      String detail) {
    FailureKey k = new FailureKey(type, mxHost == null ? "" : mxHost, ip == null ? "" : ip.getHostAddress(),
        detail == null ? "" : detail);
    counts(domain, policy).failures.computeIfAbsent(k, x -> new LongAdder()).increment();
  }

  /** Notes the policy as reported: its text lines (STS policy lines, TLSA records) and MX patterns. */
  public void describe(String domain, TlsPolicy policy, List<String> policyStrings) {
    Counts c = counts(domain, policy);
    c.policyStrings = List.copyOf(policyStrings);
    c.mxHosts = policy.allowedMx();
  }

  private Counts counts(String domain, TlsPolicy policy) {
    return counts.computeIfAbsent(new Key(domain, policy.type()), k -> new Counts());
  }

  /** Every policy domain's counts now. */
  public List<Summary> summaries() {
    List<Summary> out = new ArrayList<>();
    counts.forEach((k, c) -> {
      Map<TlsResultType, Long> byType = new LinkedHashMap<>();
      long failed = 0;
      for (Map.Entry<FailureKey, LongAdder> f : c.failures.entrySet()) {
        long n = f.getValue().sum();
        byType.merge(f.getKey().type(), n, Long::sum);
        failed += n;
      }
      out.add(new Summary(k.domain(), k.type(), c.ok.sum(), failed, byType));
    });
    out.sort((a, b) -> a.domain().compareTo(b.domain()));
    return out;
  }

  /** The summary of {@code domain} (null when nothing was recorded for it). */
  public Summary summary(String domain) {
    return summaries().stream().filter(s -> s.domain().equals(domain)).findFirst().orElse(null);
  }

  /** Starts a new reporting period. */
  public void reset() {
    counts.clear();
    since = Instant.now();
  }

  /**
   * The RFC 8460 §4.4 report of {@code domain} (all domains when null) as JSON, from
   * {@code organization} ({@code contact} as its contact-info) for the period until now.
   */
  public String toJson(String domain, String organization, String contact) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("organization-name", organization);
    report.put("date-range", Map.of("start-datetime", since.toString(), "end-datetime", Instant.now().toString()));
    report.put("contact-info", contact);
    report.put("report-id", UUID.randomUUID() + "@" + organization);
    List<Object> policies = new ArrayList<>();
    counts.forEach((k, c) -> {
      if (domain != null && !domain.equals(k.domain())) {
        return;
      }
      Map<String, Object> policy = new LinkedHashMap<>();
      policy.put("policy-type", k.type().json());
      if (k.type() != TlsPolicy.Type.NO_POLICY_FOUND) {
        policy.put("policy-string", c.policyStrings);
      }
      policy.put("policy-domain", k.domain());
      if (k.type() == TlsPolicy.Type.STS) {
        policy.put("mx-host", c.mxHosts);
      }
      long failed = 0;
      List<Object> details = new ArrayList<>();
      for (Map.Entry<FailureKey, LongAdder> f : c.failures.entrySet()) {
        Map<String, Object> d = new LinkedHashMap<>();
        FailureKey fk = f.getKey();
        d.put("result-type", fk.type().json());
        d.put("receiving-mx-hostname", fk.mxHost());
        if (!fk.ip().isEmpty()) {
          d.put("receiving-ip", fk.ip());
        }
        d.put("failed-session-count", f.getValue().sum());
        if (!fk.info().isEmpty()) {
          d.put("additional-information", fk.info());
        }
        failed += f.getValue().sum();
        details.add(d);
      }
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("policy", policy);
      one.put("summary", Map.of("total-successful-session-count", c.ok.sum(), "total-failure-session-count", failed));
      one.put("failure-details", details);
      policies.add(one);
    });
    report.put("policies", policies);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

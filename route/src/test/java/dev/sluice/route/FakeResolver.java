package dev.sluice.route;

import dev.sluice.route.dns.DnsLookupException;
import dev.sluice.route.dns.MailResolver;
import dev.sluice.route.dns.MxAnswer;
import dev.sluice.route.dns.MxRecord;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** DNS answers from maps, for routing tests without a DNS server; counts the questions asked. */
final class FakeResolver implements MailResolver {

  private final Map<String, MxAnswer> mx = new HashMap<>();
  private final Map<String, List<InetAddress>> addresses = new HashMap<>();
  private final Map<String, DnsLookupException.Kind> failures = new HashMap<>();
  final AtomicInteger questions = new AtomicInteger();

  FakeResolver mx(String domain, Object... prefAndHost) {
    List<MxRecord> records = new ArrayList<>();
    for (int i = 0; i < prefAndHost.length; i += 2) {
      records.add(new MxRecord((Integer) prefAndHost[i], (String) prefAndHost[i + 1]));
    }
    mx.put(domain, new MxAnswer(domain, records));
    return this;
  }

  FakeResolver alias(String domain, String target) {
    mx.put(domain, new MxAnswer(target, mx.get(target).records()));
    return this;
  }

  FakeResolver host(String name, String... ips) {
    List<InetAddress> list = new ArrayList<>();
    for (String ip : ips) {
      list.add(io.netty.util.NetUtil.createInetAddressFromIpAddressString(ip));
    }
    addresses.put(name, list);
    return this;
  }

  FakeResolver fail(String name, DnsLookupException.Kind kind) {
    failures.put(name, kind);
    return this;
  }

  @Override
  public CompletableFuture<MxAnswer> mx(String domain) {
    questions.incrementAndGet();
    if (failures.containsKey(domain)) {
      return CompletableFuture.failedFuture(new DnsLookupException(failures.get(domain), domain, "MX", null, null));
    }
    MxAnswer a = mx.get(domain);
    if (a == null && !addresses.containsKey(domain)) {
      return CompletableFuture.failedFuture(new DnsLookupException(DnsLookupException.Kind.NXDOMAIN, domain, "MX",
          null, null));
    }
    return CompletableFuture.completedFuture(a != null ? a : new MxAnswer(domain, List.of()));
  }

  @Override
  public CompletableFuture<List<InetAddress>> addresses(String host) {
    questions.incrementAndGet();
    if (failures.containsKey(host)) {
      return CompletableFuture.failedFuture(new DnsLookupException(failures.get(host), host, "A", null, null));
    }
    List<InetAddress> a = addresses.get(host);
    if (a == null) {
      return CompletableFuture.failedFuture(new DnsLookupException(DnsLookupException.Kind.NXDOMAIN, host, "A",
          null, null));
    }
    return CompletableFuture.completedFuture(a);
  }
}

package dev.sluice.bench;

import dev.sluice.client.MessageContent;
import dev.sluice.dkim.Canonicalization;
import dev.sluice.dkim.DkimAlgorithm;
import dev.sluice.dkim.DkimKey;
import dev.sluice.dkim.DkimKeyPair;
import dev.sluice.dkim.DkimSigner;
import dev.sluice.dkim.KeyTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import dev.sluice.dkim.SignatureProviders;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.List;

/**
 * DKIM signing rates per second of this thread's CPU time, the way {@code openssl speed} counts
 * (user CPU time, not wall time), so the two compare on a machine that other jobs share: a JMH
 * score is per wall-clock second and drops with the load. Run:
 * {@code java -cp bench/target/benchmarks.jar dev.sluice.bench.DkimCpuRate [seconds] [JDK,ACCP,BC,Conscrypt]}.
 */
public final class DkimCpuRate {

  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private DkimCpuRate() {}

  interface Op {
    void run() throws Exception;
  }

  /** Operations per CPU second of this thread, after a warm-up of the same length. */
  static double rate(Op op, double seconds) throws Exception {
    for (int pass = 0; pass < 2; pass++) {
      long cpu0 = MX.getCurrentThreadCpuTime();
      long n = 0;
      long budget = (long) (seconds * 1e9);
      while (MX.getCurrentThreadCpuTime() - cpu0 < budget) {
        for (int i = 0; i < 16; i++) {
          op.run();
        }
        n += 16;
      }
      if (pass == 1) {
        return n / ((MX.getCurrentThreadCpuTime() - cpu0) / 1e9);
      }
    }
    throw new AssertionError();
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    List<String> providers = args.length > 1 ? List.of(args[1].split(",")) : List.of("JDK", "ACCP", "BC", "Conscrypt");
    System.out.println("case,ops_per_cpu_second");
    for (DkimAlgorithm a : DkimAlgorithm.values()) {
      DkimKeyPair pair = DkimKeyPair.generate(a, 2048);
      for (String name : providers) {
        Provider p = DkimBenchmark.provider(name);
        if (p != null && !SignatureProviders.offers(p, a)) {
          continue;
        }
        DkimSigner signer = DkimSigner.builder(KeyTable.of(List.of(DkimKey.of("example.com", "s1", pair.privateKey()))))
            .provider(p).build();
        String jca = a == DkimAlgorithm.RSA_SHA256 ? "SHA256withRSA" : "Ed25519";
        Signature sig = p == null ? Signature.getInstance(jca) : Signature.getInstance(jca, p);
        PrivateKey key = DkimBenchmark.keyFor(p, pair.privateKey());
        byte[] digest = new byte[32];
        MessageContent small = MessageContent.of(DkimBenchmark.message(1024));
        System.out.printf("%s %s signature only,%.0f%n", a.tag(), name, rate(() -> {
          sig.initSign(key);
          sig.update(digest);
          sig.sign();
        }, seconds));
        System.out.printf("%s %s sign 1 KiB message,%.0f%n", a.tag(), name,
            rate(() -> signer.sign(small).release(), seconds));
      }
    }
    byte[] big = DkimBenchmark.message(100 * 1024);
    ByteBuf buf = Unpooled.directBuffer().writeBytes(big);
    for (String name : providers) {
      Provider p = DkimBenchmark.provider(name);
      MessageDigest sha = p == null ? MessageDigest.getInstance("SHA-256") : MessageDigest.getInstance("SHA-256", p);
      System.out.printf("sha256 %s only 100 KiB (MB/s),%.0f%n", name, rate(() -> sha.digest(big), seconds) * big.length / 1e6);
    }
    for (Canonicalization c : List.of(Canonicalization.RELAXED_RELAXED, Canonicalization.SIMPLE_SIMPLE)) {
      DkimSigner signer = DkimSigner.builder(KeyTable.of(List.of(DkimKey.of("example.com", "s1",
          DkimKeyPair.generate(DkimAlgorithm.ED25519_SHA256, 0).privateKey())))).canonicalization(c).build();
      System.out.printf("body pass %s 100 KiB (MB/s),%.0f%n", c.tag(),
          rate(() -> signer.bodyHash(buf, false), seconds) * big.length / 1e6);
    }
    buf.release();
  }
}

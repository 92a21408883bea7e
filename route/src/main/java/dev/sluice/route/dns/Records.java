package dev.sluice.route.dns;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the RDATA of the record types routing needs. Netty hands most records over raw, with the
 * message's buffer behind them so that compressed names (RFC 1035 §4.1.4) can be followed.
 */
final class Records {

  private Records() {}

  /** A domain name in canonical form: lower case, no trailing dot ("" for the root). */
  static String canonical(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  static ByteBuf content(DnsRecord record) {
    if (!(record instanceof DnsRawRecord raw)) {
      throw new IllegalArgumentException("not a raw record: " + record.type());
    }
    return raw.content().duplicate();
  }

  static MxRecord mx(DnsRecord record) {
    ByteBuf in = content(record);
    int preference = in.readUnsignedShort();
    return new MxRecord(preference, canonical(DefaultDnsRecordDecoder.decodeName(in)));
  }

  static String name(DnsRecord record) {
    return canonical(DefaultDnsRecordDecoder.decodeName(content(record)));
  }

  static InetAddress address(DnsRecord record) {
    ByteBuf in = content(record);
    int expected = record.type() == DnsRecordType.A ? 4 : 16;
    if (in.readableBytes() != expected) {
      throw new IllegalArgumentException(record.type() + " record of " + in.readableBytes() + " bytes");
    }
    byte[] bytes = new byte[expected];
    in.readBytes(bytes);
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A TXT record's strings, joined (RFC 7208 §3.3 and RFC 8461 §3.1 read them so). */
  static String txt(DnsRecord record) {
    ByteBuf in = content(record);
    StringBuilder sb = new StringBuilder();
    while (in.isReadable()) {
      int len = in.readUnsignedByte();
      sb.append(in.readCharSequence(len, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  static TlsaRecord tlsa(DnsRecord record) {
    ByteBuf in = content(record);
    int usage = in.readUnsignedByte();
    int selector = in.readUnsignedByte();
    int matching = in.readUnsignedByte();
    byte[] data = new byte[in.readableBytes()];
    in.readBytes(data);
    return new TlsaRecord(usage, selector, matching, data);
  }

  /** RFC 2308 §5: a negative answer lives min(SOA TTL, SOA MINIMUM) seconds; -1 without an SOA. */
  static long negativeTtl(DnsRecord soa) {
    ByteBuf in = content(soa);
    DefaultDnsRecordDecoder.decodeName(in); // MNAME
    DefaultDnsRecordDecoder.decodeName(in); // RNAME
    in.skipBytes(16); // SERIAL REFRESH RETRY EXPIRE
    long minimum = in.readUnsignedInt();
    return Math.min(soa.timeToLive(), minimum);
  }
}

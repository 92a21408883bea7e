/**
 * The throughput workloads run by clients built on Netty 4.1 (vertx-mail-client, HubSpot's
 * NioSmtpClient), in their own module so that their Netty never meets Sluice's 4.2. They send to an
 * external sink ({@link dev.sluice.bench.peers.PeerSink}); never anything but benchmarks and their
 * harnesses here, and no Sluice code.
 */
package dev.sluice.bench.peers;

/**
 * Round trips: a TCP proxy that adds a fixed delay each way, so that a client's messages per round
 * trip can be measured on one machine (what a distant server costs a client that waits for replies).
 *
 * <p>For benchmarks only: it never inspects or changes the bytes, and it must never be pointed at
 * anything but loopback.
 */
package dev.sluice.bench.rtt;

/**
 * What sluice-micrometer's binder costs the client: the same bulk workload with and without it, in
 * one JVM against an external sink, measured as process CPU time per message. Never asserts a
 * speed; the numbers go to bench/README.md.
 */
package dev.sluice.bench.metrics;

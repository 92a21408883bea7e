/**
 * JMH benchmarks: the codec's hot paths and end-to-end sending throughput.
 */
package dev.sluice.bench;

/**
 * End-to-end throughput: Sluice's bulk sender and the clients it is compared with, each sending the
 * same messages to the same count-only sink. Nothing here may change what is measured between
 * clients: the same message bytes, the same sink, the same score (messages per second).
 */
package dev.sluice.bench.throughput;

/**
 * Sending from many machines, for real: {@code sluice enqueue}, {@code sluice worker} and
 * {@code sluice outcomes} run as separate processes (the CLI jar) against private RabbitMQ nodes
 * and sinks with injected faults, while workers and broker nodes are killed.
 *
 * <p>Must never: use the system RabbitMQ service, leave a node or a worker running, or assert on
 * wall-clock speed.
 */
package dev.sluice.it.amqp;

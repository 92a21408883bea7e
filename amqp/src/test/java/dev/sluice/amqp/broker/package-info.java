/**
 * Private RabbitMQ nodes for tests: started from Debian's {@code rabbitmq-server} on free
 * loopback ports with their own folders under a temp dir (owned by user {@code rabbitmq}, as the
 * Debian wrapper runs the node as that user), clustered when asked, stopped at the end.
 *
 * <p>Must never: touch the system service or its data, listen beyond 127.0.0.1, or leave a node
 * running after the JVM exits.
 */
package dev.sluice.amqp.broker;

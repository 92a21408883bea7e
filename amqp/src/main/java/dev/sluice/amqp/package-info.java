/**
 * Sending from many machines: a durable RabbitMQ queue between the code that decides to send and
 * the processes that send. {@link dev.sluice.amqp.SendQueue} publishes mails (one AMQP message
 * per mail, the envelope in versioned headers, see {@link dev.sluice.amqp.WireFormat}) with
 * publisher confirms; {@link dev.sluice.amqp.Worker} consumes them with manual acks, hands each to
 * a {@link dev.sluice.amqp.MailSender} and publishes its outcome before acking.
 *
 * <p>Must never: ack a request before its outcome (or its retry copy, or its dead letter) is
 * confirmed by the broker; lose a malformed message (it goes to the dead-letter queue with a
 * reason); hold more than the prefetch count of mails at once; know anything about SMTP beyond
 * what {@link dev.sluice.amqp.MailSender} reports; log a broker password.
 */
package dev.sluice.amqp;

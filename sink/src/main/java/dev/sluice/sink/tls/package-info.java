/**
 * Certificates for tests and for the sink: a self-signed certificate generated at start, small
 * certificate authorities, and deliberately broken certificates (expired, not yet valid, wrong
 * host) for clients' negative tests. Built with BouncyCastle; keys are EC P-256 by default (fast
 * to generate, accepted by every TLS stack we test against).
 *
 * <p>Must never be used to issue certificates for anything but tests and local sinks.
 */
package dev.sluice.sink.tls;

/**
 * The sink matrix: independent SMTP clients — Angus Mail (Jakarta Mail), swaks and Python's smtplib
 * — against Sluice's sink, embedded and as the {@code sluice sink} process, in every TLS mode and
 * with every AUTH mechanism each client speaks. What the sink stored must be exactly what the
 * client sent.
 */
package dev.sluice.it.sinkmatrix;

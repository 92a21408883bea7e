/**
 * The SMTP wire format, in both directions.
 */
package dev.sluice.codec;

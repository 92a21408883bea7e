/**
 * Traffic shaping for direct delivery: limits per destination with defaults, overrides by domain
 * and by MX-host suffix (one budget for every domain hosted by, say, {@code google.com}), a global
 * connection cap and the suspension of destinations that refuse connections — read from a TOML
 * file, as KumoMTA's shaping file and Postfix's per-destination concurrency do it.
 *
 * <p>Must never: accept a file with an unknown key or a malformed value silently (the error names
 * the key and the file), or let a limit be unbounded by accident (every limit has a safe default).
 */
package dev.sluice.route.shaping;

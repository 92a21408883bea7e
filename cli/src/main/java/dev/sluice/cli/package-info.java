/**
 * The {@code sluice} command: {@code send}, {@code blast}, {@code probe} and {@code sink}.
 *
 * <p>Must never take secrets from the command line, dump a stack trace on the user, or exit 0 when
 * anything the user asked for did not happen.
 */
package dev.sluice.cli;

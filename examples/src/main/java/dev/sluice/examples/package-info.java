/**
 * The README's Java snippets as code: each snippet is a region between {@code // README:name} and
 * {@code // README:end} comments (several regions of one name form one snippet), and {@code
 * ReadmeDriftTest} fails the build when a README block and the regions differ.
 *
 * <p>Why it exists: documentation that is not compiled rots. What it must never do: hold code a
 * user would not write (the regions are what the README shows, word for word).
 */
package dev.sluice.examples;

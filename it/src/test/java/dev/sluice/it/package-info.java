/**
 * Integration tests against real SMTP servers started by the tests themselves, and the
 * hostile-server suite.
 */
package dev.sluice.it;

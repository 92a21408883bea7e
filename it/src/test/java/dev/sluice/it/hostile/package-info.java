/**
 * The hostile-server suite: the client against scripted servers that lie, stall, inject, drip and
 * hang up. Every case must end in a typed error or the right result, bounded in time, with no
 * leaked buffer and nothing on the wire that must not be there. Never a real network peer.
 */
package dev.sluice.it.hostile;

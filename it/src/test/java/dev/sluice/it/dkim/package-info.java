/**
 * DKIM signatures made by Sluice, checked by verifiers that share no code with it (dkimpy and
 * OpenDKIM), after an SMTP hop to the sink and after a relay through Postfix. Must never check a
 * signature with Sluice's own canonicalisation: that would prove only self-consistency.
 */
package dev.sluice.it.dkim;

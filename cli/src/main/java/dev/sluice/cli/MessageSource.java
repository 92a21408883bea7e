package dev.sluice.cli;

import dev.sluice.client.MessageContent;

/** Makes the n-th message of a blast; called on the submitting thread only. */
interface MessageSource {

  /** A new message (its own Message-ID); the caller releases it after submitting. */
  MessageContent message(long n);
}

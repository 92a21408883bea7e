package dev.sluice.sink.session;

/** Events the sink fires into its connections' pipelines. */
public enum SinkEvent {
  /** The sink is closing: say 421 and hang up. */
  SHUTDOWN
}

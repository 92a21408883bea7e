package dev.sluice.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Whether any JFR recording is running, as one volatile read: the per-message event is only
 * allocated then, so a JVM without a recording pays nothing per message (the JDK's own
 * {@code isEnabled()} needs the event object first). Kept up to date by a
 * {@link FlightRecorderListener}, which does not start the recorder.
 */
final class JfrState {

  private static final Set<Long> RUNNING = ConcurrentHashMap.newKeySet();
  private static volatile boolean recording;

  static {
    FlightRecorder.addListener(new FlightRecorderListener() {
      @Override
      public void recordingStateChanged(Recording r) {
        if (r.getState() == RecordingState.RUNNING) {
          RUNNING.add(r.getId());
        } else {
          RUNNING.remove(r.getId());
        }
        recording = !RUNNING.isEmpty();
      }
    });
    if (FlightRecorder.isInitialized()) {
      // Recordings started before this class loaded (-XX:StartFlightRecording) were never announced.
      for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
        if (r.getState() == RecordingState.RUNNING) {
          RUNNING.add(r.getId());
        }
      }
      recording = !RUNNING.isEmpty();
    }
  }

  private JfrState() {}

  /** True while at least one recording runs (it may still have Sluice's events disabled). */
  static boolean recording() {
    return recording;
  }
}

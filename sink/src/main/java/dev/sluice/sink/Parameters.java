package dev.sluice.sink;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** ESMTP parameter maps: immutable and in the order the client sent them. */
final class Parameters {

  private Parameters() {}

  static Map<String, String> copyOf(Map<String, String> parameters) {
    if (parameters == null || parameters.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }
}

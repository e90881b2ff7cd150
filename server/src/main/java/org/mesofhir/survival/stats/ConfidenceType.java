package org.mesofhir.survival.stats;

import java.util.Arrays;

/** How confidence limits for S(t) are formed, as R's {@code survfit(conf.type = ...)}. */
public enum ConfidenceType {
  /** Symmetric on log S(t); the upper limit is clipped at 1. R's default. */
  LOG("log"),
  /** Symmetric on log(-log S(t)); undefined (NaN) where S(t) is 0 or 1. */
  LOG_LOG("log-log"),
  /** Symmetric on S(t) itself, clipped to [0, 1]. */
  PLAIN("plain");

  private final String code;

  ConfidenceType(String code) {
    this.code = code;
  }

  /** R's name for the transform: {@code log}, {@code log-log} or {@code plain}. */
  public String code() {
    return code;
  }

  /**
   * The type named by R's code ({@code log}, {@code log-log}, {@code plain}).
   *
   * @throws IllegalArgumentException for any other code
   */
  public static ConfidenceType fromCode(String code) {
    for (ConfidenceType type : values()) {
      if (type.code.equals(code)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown confidence type '" + code + "'; allowed: "
            + Arrays.stream(values()).map(ConfidenceType::code).toList());
  }
}

package org.mesofhir.survival.stats;

/** How a Cox model's partial likelihood treats events at the same time, as R's {@code coxph(ties = ...)}. */
public enum Ties {
  /** Efron's approximation: closer to the exact partial likelihood when ties are many. R's default. */
  EFRON("efron"),
  /** Breslow's approximation: every tied event sees the full risk set. */
  BRESLOW("breslow");

  private final String code;

  Ties(String code) {
    this.code = code;
  }

  /** R's name: {@code efron} or {@code breslow}. */
  public String code() {
    return code;
  }

  /**
   * The method named by R's code.
   *
   * @throws IllegalArgumentException for any code but {@code efron} and {@code breslow}
   */
  public static Ties fromCode(String code) {
    for (Ties ties : values()) {
      if (ties.code.equals(code)) {
        return ties;
      }
    }
    throw new IllegalArgumentException("unknown ties method '" + code + "'; allowed: [efron, breslow]");
  }
}

package dev.tcpwrap.bench.scale;

import java.util.Arrays;

/** What the scale harnesses print of their samples, and their sanity checks. */
final class Figures {

  private Figures() {}

  /** Stops the run: a figure from a run that did not do what it says would be a false one. */
  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("failed: " + what);
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }
}

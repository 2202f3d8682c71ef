package dev.tcpwrap.agent;

import java.lang.instrument.Instrumentation;

/**
 * Makes the bootstrap classes ({@code dev.tcpwrap.agent.bootstrap}) visible to the boot loader
 * before anything refers to them: defined there directly ({@link BootDefiner}), or, only if that
 * fails, by appending their jar to the boot loader's search path ({@link BootJarAppender}), which
 * turns class data sharing off for the application's classes.
 *
 * <p>The system property {@value #FORCE_APPEND} ({@code append}) skips the direct definition: for
 * tests of the fallback and of its failure, and to measure what appending costs. It is outside the
 * {@code tcpwrap.} namespace on purpose: it is no configuration key.
 */
final class BootstrapClasses {

  /** Forces the fallback ({@code -Ddev.tcpwrap.agent.boot=append}). */
  static final String FORCE_APPEND = "dev.tcpwrap.agent.boot";

  private BootstrapClasses() {}

  /**
   * How the classes were put in place.
   *
   * @param appendedBecause {@code null} if they are in the boot loader without any change to its
   *     search path; otherwise why the jar had to be appended (class data sharing is then off for
   *     application classes)
   */
  record Placement(String appendedBecause) {}

  /**
   * Puts the classes in place unless they already are (a second start in one JVM).
   *
   * @param inst the instrumentation
   * @return how
   * @throws Exception if neither way worked: the classes are not visible, the agent cannot run
   */
  static Placement putInPlace(Instrumentation inst) throws Exception {
    if (alreadyInBootLoader()) {
      return new Placement(null);
    }
    byte[] jar = BootstrapJar.bytes();
    String why;
    if ("append".equals(System.getProperty(FORCE_APPEND))) {
      why = "-D" + FORCE_APPEND + "=append";
    } else {
      try {
        BootDefiner.define(inst, BootstrapJar.classes(jar));
        return new Placement(null);
      } catch (Exception | LinkageError e) {
        why = "defining them in the boot loader failed: " + e;
      }
    }
    try {
      BootJarAppender.append(inst, jar);
    } catch (Exception | LinkageError e) {
      throw new IllegalStateException(
          "cannot make the agent's bootstrap classes visible to the boot loader ("
              + why
              + "; appending them failed too: "
              + e
              + ")",
          e);
    }
    return new Placement(why);
  }

  // a JVM that already runs the agent (premain, then attach): defining them again would fail
  private static boolean alreadyInBootLoader() {
    try {
      Class.forName(BootstrapJar.GATE, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}

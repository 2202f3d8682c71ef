package dev.tcpwrap.agent;

import dev.tcpwrap.agent.instrument.TransformCache;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point ({@code Premain-Class} and {@code Agent-Class} of tcpwrap.jar).
 *
 * <p>Rules for this class: do as little as possible; touch no class of {@code
 * dev.tcpwrap.agent.bootstrap} before {@link BootstrapClasses} has put them in the boot loader (a
 * reference before that would fail, or, were a copy reachable from this loader, load a second copy
 * that the advice never sees); let no {@code Throwable} escape ({@code premain} throwing aborts the
 * JVM with a stack trace). Every failure follows {@code onerror}: in {@link AgentStarter} once the
 * bootstrap classes are in place, in {@link InstallFailure} before that. Everything else happens in
 * {@link AgentStarter}.
 */
public final class TcpWrapAgent {

  private TcpWrapAgent() {
    throw new UnsupportedOperationException("should not be instantiated");
  }

  /**
   * Installs the agent at JVM start ({@code -javaagent:tcpwrap.jar=key=value,...}).
   *
   * @param args the agent arguments
   * @param inst the instrumentation
   */
  public static void premain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  /**
   * Installs the agent into a running JVM (attach).
   *
   * @param args the agent arguments
   * @param inst the instrumentation
   */
  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  private static void start(String args, Instrumentation inst, boolean atStartup) {
    long t0 = System.nanoTime();
    BootstrapClasses.Placement boot;
    try {
      TransformCache.configure(args);
      boot = BootstrapClasses.putInPlace(inst);
    } catch (Throwable t) {
      failed(args, atStartup, t.getMessage() != null ? t.getMessage() : t.toString());
      return;
    }
    try {
      AgentStarter.start(args, inst, atStartup, t0, boot.appendedBecause());
    } catch (Throwable t) {
      // AgentStarter handles its own failures; this is one that escaped it
      failed(args, atStartup, t.toString());
    }
  }

  private static void failed(String args, boolean atStartup, String reason) {
    try {
      InstallFailure.handle(args, atStartup, reason);
    } catch (Throwable last) {
      // nothing may escape premain; onerror was applied as far as it could be
      if (atStartup) {
        Runtime.getRuntime().halt(1); // cannot tell onerror: fail closed
      }
    }
  }
}

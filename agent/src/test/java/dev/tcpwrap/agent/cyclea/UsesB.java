package dev.tcpwrap.agent.cyclea;

/** Half of a package cycle for {@code PackageCycleTest.aCycleIsFound}. */
public final class UsesB {
  dev.tcpwrap.agent.cycleb.UsesA other;
}

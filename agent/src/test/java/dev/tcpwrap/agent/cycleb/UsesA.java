package dev.tcpwrap.agent.cycleb;

/** The other half of the package cycle for {@code PackageCycleTest.aCycleIsFound}. */
public final class UsesA {
  dev.tcpwrap.agent.cyclea.UsesB other;
}

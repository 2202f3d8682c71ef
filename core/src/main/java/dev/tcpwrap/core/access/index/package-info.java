/**
 * The address index: finds the first rule of a table that can match a client address without trying
 * every rule ({@link dev.tcpwrap.core.access.index.TableIndex}), and which rule decides a
 * connection when the daemon name and the address are all it takes ({@link
 * dev.tcpwrap.core.access.index.DaemonView}, {@link
 * dev.tcpwrap.core.access.index.TableIndex#firstAddressMatch}).
 *
 * <p>Kept apart from {@code access} because it is only a faster way to the answer of a
 * top-to-bottom scan ({@link dev.tcpwrap.core.rules.RuleTable#firstMatch}): it skips rules that
 * cannot match and nothing else, so the decision (in {@code access}) reads the same with or without
 * it.
 */
package dev.tcpwrap.core.access.index;

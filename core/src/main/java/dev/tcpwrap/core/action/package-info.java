/**
 * Carrying out a matched rule's options (hosts_options(5)) inside a JVM: {@code spawn} and {@code
 * twist} commands under hard bounds ({@link dev.tcpwrap.core.action.CommandRunner}), {@code
 * banners} ({@link dev.tcpwrap.core.action.Banners}), the RFC 1413 ident query of {@code rfc931}
 * ({@link dev.tcpwrap.core.action.IdentClient}), {@code keepalive}/{@code linger} ({@link
 * dev.tcpwrap.core.action.SocketOptions}), {@code severity} ({@link
 * dev.tcpwrap.core.action.Severity}), and the plan that puts them in libwrap's left-to-right order
 * ({@link dev.tcpwrap.core.action.OptionPlan}).
 *
 * <p>The engine ({@code access}) only decides; nothing here changes a verdict, except the
 * documented {@code aclexec} rule ({@link dev.tcpwrap.core.action.Aclexec}), which only ever turns
 * a grant into what libwrap would do when the command fails.
 */
package dev.tcpwrap.core.action;

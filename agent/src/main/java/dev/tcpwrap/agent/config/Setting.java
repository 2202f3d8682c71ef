package dev.tcpwrap.agent.config;

/**
 * One raw configuration value and where it came from.
 *
 * @param value the text as given
 * @param source {@code default}, {@code derived}, {@code env TCPWRAP_X}, {@code property tcpwrap.x}
 *     or {@code argument}
 */
record Setting(String value, String source) {}

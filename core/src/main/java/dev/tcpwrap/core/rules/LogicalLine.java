package dev.tcpwrap.core.rules;

/**
 * One logical line of a rule file as libwrap's {@code xgets()} returns it.
 *
 * @param text the bytes of the line as ISO-8859-1 characters, including the final newline if any
 * @param line the physical line counter after reading it ({@code tcpd_context.line}): the last
 *     physical line of a continued rule; an unterminated last line keeps the previous count
 * @param terminated whether it ends in a newline; an unterminated line stops libwrap's scan of the
 *     file
 */
public record LogicalLine(String text, int line, boolean terminated) {}

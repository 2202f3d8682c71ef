package dev.tcpwrap.core.lint;

/** A check of a whole file (its structure, its bytes, or relations between its rules). */
interface FileCheck {

  void check(LintContext ctx);
}

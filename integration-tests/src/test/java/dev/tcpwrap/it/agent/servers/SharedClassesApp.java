package dev.tcpwrap.it.agent.servers;

/**
 * An application whose own classes go into an AppCDS archive ({@code ClassSharingTest}): it loads
 * one more class of its own and prints {@code MAIN} when its {@code main} has run.
 */
public final class SharedClassesApp {

  private SharedClassesApp() {}

  /** Loaded from the archive too, if sharing works for the application's classes. */
  public static final class Helper {
    public static String word() {
      return "MAIN";
    }
  }

  public static void main(String[] args) {
    System.out.println(Helper.word());
  }
}

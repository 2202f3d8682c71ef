package fake.tomcat.jni;

/** Stands in for libtcnative's {@code Sockaddr}. */
public class Sockaddr {
  public String hostname;
  public int port;
  public int family;
}

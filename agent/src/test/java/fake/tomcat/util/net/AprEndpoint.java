package fake.tomcat.util.net;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Stands in for Tomcat 9's {@code AprEndpoint}: "accepts" the handles queued in {@link #pending};
 * {@code serverSocketAccept()} returns {@code Long}, so javac adds the bridge that returns {@code
 * Object}, as in Tomcat.
 */
public class AprEndpoint extends AbstractEndpoint<Long> {
  public final Deque<Long> pending = new ArrayDeque<>();
  public volatile String unixDomainSocketPath;

  public String getUnixDomainSocketPath() {
    return unixDomainSocketPath;
  }

  @Override
  protected Long serverSocketAccept() throws Exception {
    Long next = pending.poll();
    if (next == null) {
      throw new java.io.IOException("nothing pending");
    }
    return next;
  }

  /** The sockets handed on, and those destroyed through the endpoint (counted down). */
  public final java.util.List<Long> handedOn = new java.util.ArrayList<>();

  public final java.util.List<Long> destroyedCounted = new java.util.ArrayList<>();

  @Override
  protected boolean setSocketOptions(Long socket) {
    handedOn.add(socket);
    return true;
  }

  @Override
  protected void destroySocket(Long socket) {
    destroyedCounted.add(socket);
  }

  /** The acceptor's call: through the bridge. */
  @SuppressWarnings("rawtypes")
  public Object acceptAsTomcatDoes() throws Exception {
    return ((AbstractEndpoint) this).serverSocketAccept();
  }
}

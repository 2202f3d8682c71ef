package fake.tomcat.util.net;

/** Stands in for Tomcat's {@code AbstractEndpoint}: its generic accept and its state. */
public abstract class AbstractEndpoint<S> {
  public volatile boolean running = true;
  public volatile boolean paused;
  public volatile boolean ssl;

  public boolean isRunning() {
    return running;
  }

  public boolean isPaused() {
    return paused;
  }

  public boolean isSSLEnabled() {
    return ssl;
  }

  /** What Tomcat's acceptor calls (through the bridge of a subclass). */
  protected abstract S serverSocketAccept() throws Exception;

  /** Where the acceptor hands an accepted socket on (through the bridge of a subclass). */
  protected abstract boolean setSocketOptions(S socket);

  /** Tomcat's own close of a socket it drops. */
  protected abstract void destroySocket(S socket);

  /** The acceptor's hand-over: through the bridge. */
  public boolean handOverAsTomcatDoes(S socket) {
    return setSocketOptions(socket);
  }
}

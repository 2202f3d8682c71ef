package dev.tcpwrap.core.resolve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory name service that counts its calls and can be made slow; never touches the network.
 */
final class FakeNameService implements NameService {

  private final Map<String, List<String>> ptr = new ConcurrentHashMap<>();
  private final Map<String, Forward> forward = new ConcurrentHashMap<>();
  final AtomicInteger reverseCalls = new AtomicInteger();
  final AtomicInteger forwardCalls = new AtomicInteger();
  final List<String> forwardNames = new CopyOnWriteArrayList<>();
  final List<InetAddress> reverseAddresses = new CopyOnWriteArrayList<>();
  volatile Runnable onReverse = () -> {};

  /** Adds a PTR answer for the address text. */
  FakeNameService ptr(String address, String... names) {
    ptr.put(key(ip(address)), List.of(names));
    return this;
  }

  /** Adds a forward answer for {@code name} in the family of the first address. */
  FakeNameService forward(String name, String canonical, String... addresses) {
    List<InetAddress> list = new ArrayList<>();
    for (String a : addresses) {
      list.add(ip(a));
    }
    forward.put(fkey(name, AddressFamily.of(list.get(0))), new Forward(canonical, list));
    return this;
  }

  /** Forward answer with explicit addresses (e.g. scoped IPv6). */
  FakeNameService forward(String name, String canonical, InetAddress... addresses) {
    forward.put(
        fkey(name, AddressFamily.of(addresses[0])), new Forward(canonical, List.of(addresses)));
    return this;
  }

  /** A host whose PTR and A records agree. */
  FakeNameService host(String address, String name) {
    return ptr(address, name).forward(name, name, address);
  }

  @Override
  public List<String> reverse(InetAddress address) {
    reverseCalls.incrementAndGet();
    reverseAddresses.add(address);
    onReverse.run();
    return ptr.getOrDefault(key(address), List.of());
  }

  @Override
  public Optional<Forward> forward(String name, AddressFamily family) {
    forwardCalls.incrementAndGet();
    forwardNames.add(name);
    return Optional.ofNullable(forward.get(fkey(name, family)));
  }

  static InetAddress ip(String text) {
    try {
      return InetAddress.getByName(text); // literals only: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static String key(InetAddress a) {
    try {
      return InetAddress.getByAddress(a.getAddress()).getHostAddress(); // without scope
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String fkey(String name, AddressFamily family) {
    return name.toLowerCase(Locale.ROOT) + "/" + family;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

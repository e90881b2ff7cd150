package org.mesofhir.profiles;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Refuses and records every outgoing connection that asks Java's default ProxySelector (HttpURLConnection, the JDK
 * HttpClient, OkHttp and plain sockets do), so a test can prove that validation stays offline.
 */
final class NoNetwork extends ProxySelector {

  private static final List<URI> ATTEMPTS = new CopyOnWriteArrayList<>();

  private NoNetwork() {}

  static synchronized void install() {
    if (!(ProxySelector.getDefault() instanceof NoNetwork)) {
      ProxySelector.setDefault(new NoNetwork());
    }
  }

  static List<URI> attempts() {
    return List.copyOf(ATTEMPTS);
  }

  @Override
  public List<Proxy> select(URI uri) {
    ATTEMPTS.add(uri);
    throw new IllegalStateException("tests must not reach the network: " + uri);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException e) {}
}

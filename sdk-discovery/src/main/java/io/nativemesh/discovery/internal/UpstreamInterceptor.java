package io.nativemesh.discovery.internal;

import io.nativemesh.core.ServiceIdentity;
import io.nativemesh.discovery.Endpoint;
import io.nativemesh.discovery.MeshConnectException;
import io.nativemesh.discovery.NoHealthyUpstreamException;
import io.nativemesh.discovery.RefusalDiagnostics;
import io.nativemesh.discovery.UpstreamResolver;
import io.nativemesh.tls.MeshHostnames;
import io.nativemesh.tls.MeshState;
import io.nativemesh.tls.MeshStateStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Rewrites a request for {@code <service>} to an instance-pinned mesh URL and retries on another
 * instance when connecting or the handshake fails (for any method: the request was not sent) or, for
 * idempotent methods, when the connection broke. Thread-safe.
 */
public final class UpstreamInterceptor implements Interceptor {
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

  private final UpstreamResolver resolver;
  private final MeshStateStore store;
  private final RefusalDiagnostics diagnostics;
  private final int maxAttempts;

  /**
   * @param resolver upstream resolution
   * @param store mesh state (our identity)
   * @param diagnostics explains refusals
   * @param maxAttempts instances tried per request
   */
  public UpstreamInterceptor(UpstreamResolver resolver, MeshStateStore store, RefusalDiagnostics diagnostics, int maxAttempts) {
    this.resolver = resolver;
    this.store = store;
    this.diagnostics = diagnostics;
    this.maxAttempts = maxAttempts;
  }

  /**
   * @param host a URL host
   * @return the upstream service it names, or null if it is not a mesh name
   */
  static String serviceOf(String host) {
    if (host.indexOf('.') < 0 && !host.isEmpty() && !host.equals("localhost")) {
      return host; // http://greeting/...
    }
    return MeshHostnames.parse(host).filter(h -> h.address() == null).map(MeshHostnames::service).orElse(null);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request req = chain.request();
    String service = serviceOf(req.url().host());
    if (service == null) {
      return chain.proceed(req); // already pinned (or rejected later by MeshDns)
    }
    List<Endpoint> tried = new ArrayList<>();
    IOException last = null;
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      Endpoint ep;
      try {
        ep = resolver.pick(service, tried);
      } catch (NoHealthyUpstreamException e) {
        if (last != null) {
          throw last;
        }
        throw new IOException(e.getMessage(), e);
      }
      tried.add(ep);
      HttpUrl url = req.url().newBuilder().scheme("https").host(ep.meshHost()).port(ep.address().getPort()).build();
      try {
        return chain.proceed(req.newBuilder().url(url).build());
      } catch (IOException e) {
        MeshState s = store.current();
        ServiceIdentity self = s == null ? null : s.identity();
        Optional<MeshConnectException> explained = diagnostics.explain(self, ep, e);
        if (explained.isPresent() && explained.get().refusedByPeer()) {
          throw explained.get(); // every instance applies the same intentions: do not retry
        }
        last = explained.isPresent() ? explained.get() : e;
        boolean notSent = e instanceof ConnectException || e instanceof NoRouteToHostException || explained.isPresent();
        if (!notSent && !IDEMPOTENT.contains(req.method())) {
          throw last;
        }
      }
    }
    throw last;
  }
}

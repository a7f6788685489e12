package io.nativemesh.discovery;

import io.nativemesh.blocking.Watch;
import io.nativemesh.blocking.Watches;
import io.nativemesh.core.model.ServiceEntry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves upstream service names to healthy mesh endpoints from one shared blocking watch per
 * upstream on {@code /v1/health/connect/<service>?passing} (Consul API). The endpoint list is replaced
 * atomically on each change; when the catalog is unreachable the last known list stays in use.
 * Balancing is round robin.
 *
 * <p>Thread-safe.
 */
public final class UpstreamResolver {
  private final Watches watches;
  private final java.util.function.Supplier<String> localDatacenter;
  private final Duration firstResolveTimeout;
  private final Map<String, AtomicInteger> cursors = new ConcurrentHashMap<>();

  /**
   * @param watches shared watches
   * @param localDatacenter datacenter of this agent, used when the catalog omits a node's datacenter
   * @param firstResolveTimeout how long the first resolution of an upstream may wait for the catalog
   */
  public UpstreamResolver(Watches watches, java.util.function.Supplier<String> localDatacenter, Duration firstResolveTimeout) {
    this.watches = watches;
    this.localDatacenter = localDatacenter;
    this.firstResolveTimeout = firstResolveTimeout;
  }

  /**
   * @param service upstream name
   * @return every passing instance, in catalog order (waits for the first catalog answer)
   * @throws NoHealthyUpstreamException if the catalog did not answer in time
   */
  public List<Endpoint> endpoints(String service) {
    Watch<List<ServiceEntry>> w = watches.healthConnect(service, null);
    List<ServiceEntry> entries = w.current().orElse(null);
    if (entries == null) {
      try {
        entries = w.firstValue().get(firstResolveTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new NoHealthyUpstreamException(service, "the catalog did not answer within " + firstResolveTimeout);
      } catch (ExecutionException e) {
        throw new NoHealthyUpstreamException(service, String.valueOf(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NoHealthyUpstreamException(service, "interrupted");
      }
    }
    List<Endpoint> out = new ArrayList<>(entries.size());
    for (ServiceEntry e : entries) {
      try {
        String dc = e.node().datacenter() == null || e.node().datacenter().isEmpty() ? localDatacenter.get() : e.node().datacenter();
        InetAddress a = InetAddress.getByName(e.dialAddress()); // literal addresses: no DNS query
        out.add(new Endpoint(service, e.service().id(), e.node().node(), dc, new InetSocketAddress(a, e.service().port())));
      } catch (UnknownHostException ex) {
        // an instance registered with an unresolvable address cannot be dialled; skip it
      }
    }
    return out;
  }

  /**
   * Picks the next instance, round robin.
   *
   * @param service upstream name
   * @param exclude instances already tried for this request
   * @return the endpoint
   * @throws NoHealthyUpstreamException if no instance is left
   */
  public Endpoint pick(String service, List<Endpoint> exclude) {
    List<Endpoint> all = endpoints(service);
    List<Endpoint> candidates = new ArrayList<>(all);
    candidates.removeAll(exclude);
    if (candidates.isEmpty()) {
      throw new NoHealthyUpstreamException(service, all.isEmpty() ? "the catalog lists no passing instance"
          : "all " + all.size() + " instances failed for this request");
    }
    int i = Math.floorMod(cursors.computeIfAbsent(service, k -> new AtomicInteger()).getAndIncrement(), candidates.size());
    return candidates.get(i);
  }

}

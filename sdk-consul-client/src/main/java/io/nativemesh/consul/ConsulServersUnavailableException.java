/*
 * Copyright 2026 The NativeMesh Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.nativemesh.consul;

import java.util.List;
import okhttp3.HttpUrl;

/**
 * Every server address of a {@link ConsulClient} configured with several (see {@link
 * ConsulClient.Builder#addresses(java.util.List)}) failed one request: connection refused or reset,
 * timeout, or a 5xx saying the cluster has no leader. The message names the request and each
 * address tried with its failure, in the order tried; {@link #addresses()} lists them. The last
 * failure is the {@linkplain #getCause() cause}, the earlier ones are {@linkplain #getSuppressed()
 * suppressed}.
 *
 * <p>A write is sent to the next server only when it certainly never reached the previous one
 * (connection refused); otherwise (timeout, reset, an error status) it fails as it did, with a
 * plain {@link ConsulTransportException} or {@link ConsulApiException}: the first server may have
 * applied it, or may still, through the Raft log.
 *
 * @since 0.2.0
 */
public final class ConsulServersUnavailableException extends ConsulTransportException {
  private static final long serialVersionUID = 1L;
  private final transient List<HttpUrl> addresses;

  /**
   * @param request method and path, e.g. {@code GET /v1/kv/a}
   * @param addresses the addresses tried, in order
   * @param failures the failure of each, same order and size as {@code addresses}
   */
  public ConsulServersUnavailableException(
      String request, List<HttpUrl> addresses, List<Throwable> failures) {
    super(message(request, addresses, failures), failures.get(failures.size() - 1));
    this.addresses = List.copyOf(addresses);
    for (int i = 0; i < failures.size() - 1; i++) {
      addSuppressed(failures.get(i));
    }
  }

  private static String message(String request, List<HttpUrl> addresses, List<Throwable> failures) {
    StringBuilder b =
        new StringBuilder(request)
            .append(" failed on all ")
            .append(addresses.size())
            .append(" Consul servers: ");
    for (int i = 0; i < addresses.size(); i++) {
      if (i > 0) {
        b.append("; ");
      }
      b.append(addresses.get(i)).append(" (").append(failures.get(i).getMessage()).append(')');
    }
    return b.toString();
  }

  /**
   * @return the addresses tried, in the order tried
   */
  public List<HttpUrl> addresses() {
    return addresses;
  }
}

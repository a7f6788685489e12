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
package io.nativemesh.server.internal.agent;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.server.internal.state.CheckSpec;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One run of a gRPC health check (Consul: {@code CheckGRPC} and {@code GrpcHealthProbe}): the
 * standard health protocol's {@code grpc.health.v1.Health/Check} is called through grpc-java on
 * {@code host:port}, with the part after a {@code /} of the target as the request's {@code service}
 * (empty: the server as a whole), within the check's {@code Timeout} as the call's deadline. {@code
 * SERVING} is passing with Consul's output {@code gRPC check <target>: success}; any other answer
 * is critical with {@code gRPC application didn't report service healthy}; an error (refused, timed
 * out, unknown service) is critical with the status in Go's form, {@code rpc error: code =
 * Unavailable desc = …}. {@code GRPCUseTLS} speaks TLS (certificate verified against the JDK's
 * trust store unless {@code TLSSkipVerify}), otherwise plaintext HTTP/2. Each run opens its own
 * channel and shuts it down when the call completes, as Consul dials per run. Stateless and
 * thread-safe.
 */
final class GrpcProbe {
  /** Consul's {@code ErrGRPCUnhealthy}. */
  static final String UNHEALTHY = "gRPC application didn't report service healthy";

  private GrpcProbe() {}

  /**
   * @param spec the check ({@code grpc}, {@code grpcUseTls}, {@code tlsSkipVerify}, timeout)
   * @param done receives (status, output), once, on a gRPC transport thread
   */
  static void run(CheckSpec spec, BiConsumer<String, String> done) {
    String target = spec.grpc();
    int slash = target.indexOf('/');
    String server = slash < 0 ? target : target.substring(0, slash);
    String service = slash < 0 ? "" : target.substring(slash + 1);
    int colon = server.lastIndexOf(':');
    String host = server.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(server.substring(colon + 1));
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(host, port, credentials(spec))
            .directExecutor()
            .userAgent("Consul Health Check")
            .build();
    AtomicBoolean once = new AtomicBoolean();
    BiConsumer<String, String> finish =
        (status, output) -> {
          if (once.compareAndSet(false, true)) {
            channel.shutdownNow();
            done.accept(status, output);
          }
        };
    try {
      HealthGrpc.newStub(channel)
          .withDeadlineAfter(spec.timeout().toNanos(), TimeUnit.NANOSECONDS)
          .check(
              HealthCheckRequest.newBuilder().setService(service).build(),
              new StreamObserver<>() {
                @Override
                public void onNext(HealthCheckResponse r) {
                  if (r.getStatus() == HealthCheckResponse.ServingStatus.SERVING) {
                    finish.accept(HealthCheck.PASSING, "gRPC check " + target + ": success");
                  } else {
                    finish.accept(HealthCheck.CRITICAL, UNHEALTHY);
                  }
                }

                @Override
                public void onError(Throwable t) {
                  finish.accept(HealthCheck.CRITICAL, goError(t));
                }

                @Override
                public void onCompleted() {
                  finish.accept(HealthCheck.CRITICAL, UNHEALTHY); // no answer at all
                }
              });
    } catch (RuntimeException e) {
      finish.accept(HealthCheck.CRITICAL, goError(e));
    }
  }

  private static ChannelCredentials credentials(CheckSpec spec) {
    if (!Boolean.TRUE.equals(spec.grpcUseTls())) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
    if (spec.tlsSkipVerify()) {
      b.trustManager(new SkipVerifyTrustManager());
    }
    return b.build();
  }

  /**
   * A failed call as Go's gRPC prints it: {@code rpc error: code = Unavailable desc = …}.
   *
   * @param t the failure
   * @return the output
   */
  static String goError(Throwable t) {
    Status s = t instanceof StatusRuntimeException e ? e.getStatus() : Status.fromThrowable(t);
    StringBuilder desc = new StringBuilder();
    if (s.getDescription() != null) {
      desc.append(s.getDescription());
    }
    Throwable cause = s.getCause();
    if (cause != null && cause.getMessage() != null) {
      desc.append(desc.length() == 0 ? "" : ": ").append(cause.getMessage());
    }
    return "rpc error: code = " + goCode(s.getCode()) + " desc = " + desc;
  }

  /** {@code DEADLINE_EXCEEDED} → {@code DeadlineExceeded}, as Go's {@code codes.Code} prints. */
  private static String goCode(Status.Code code) {
    StringBuilder out = new StringBuilder();
    for (String part : code.name().split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }
}

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
package io.nativemesh;

import io.nativemesh.consul.ConsulClient;
import io.nativemesh.core.MissingDependencyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Uses the opt-in features of {@link MeshService} from inside a class loader that holds neither
 * gossip-lite nor sdk-netty nor Netty ({@link OptionalDependenciesTest} loads it there). Only this
 * class's own signatures cross the loader boundary, so they are plain JDK types.
 */
public final class WithoutOptionalJars {
  private WithoutOptionalJars() {}

  /**
   * @return one line per feature: {@code <feature>: <exception class> <coordinates> | <message>}
   */
  public static List<String> useOptInFeatures() {
    List<String> out = new ArrayList<>();
    // nothing listens on port 1: the watches fail and retry in the background, which does not
    // matter here
    try (ConsulClient consul =
            ConsulClient.builder()
                .address("127.0.0.1:1")
                .requestTimeout(Duration.ofMillis(200))
                .build();
        MeshService mesh = MeshService.builder("probe").consul(consul).build()) {
      out.add("joinGossip: " + attempt(() -> mesh.joinGossip(null, "127.0.0.1", 1)));
      out.add("nettyServerContext: " + attempt(() -> mesh.nettyServerContext(null)));
      out.add("upstreamListener: " + attempt(() -> mesh.upstreamListener("db", 0)));
      out.add("inboundForwarder: " + attempt(() -> mesh.inboundForwarder(0, "127.0.0.1", 6379)));
      out.add("serverSslContext: " + attempt(() -> mesh.serverSslContext().getProtocol()));
    }
    return out;
  }

  private static String attempt(Callable<Object> c) {
    try {
      return "returned " + c.call();
    } catch (MissingDependencyException e) {
      return e.getClass().getSimpleName() + " " + e.coordinates() + " | " + e.getMessage();
    } catch (Throwable t) {
      return "unexpected " + t;
    }
  }
}

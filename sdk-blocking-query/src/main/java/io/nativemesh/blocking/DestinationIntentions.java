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
package io.nativemesh.blocking;

import io.nativemesh.core.model.Intention;
import java.util.List;

/**
 * The intentions that apply to one destination, with the default decision the server reported.
 *
 * @param destination destination service name
 * @param intentions the intentions in the server's evaluation order
 * @param defaultAllow {@code X-Consul-Default-ACL-Policy == allow}; null if the header was absent
 * @since 0.1.0
 */
public record DestinationIntentions(
    String destination, List<Intention> intentions, Boolean defaultAllow) {
  /** Copies the list. */
  public DestinationIntentions {
    intentions = List.copyOf(intentions);
  }
}

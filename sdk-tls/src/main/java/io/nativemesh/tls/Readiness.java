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
package io.nativemesh.tls;

/**
 * Whether the service can take part in the mesh right now, and why not.
 *
 * @param ready true if a leaf, roots and intentions are loaded, the leaf is within its validity and
 *     chains to the current roots
 * @param reason a person-readable explanation (also when ready: the serial and expiry)
 * @since 0.1.0
 */
public record Readiness(boolean ready, String reason) {}

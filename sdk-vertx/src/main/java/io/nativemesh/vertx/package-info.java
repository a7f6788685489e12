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
/**
 * Vert.x 5 integration of the NativeMesh SDK: {@link io.nativemesh.vertx.VertxMesh} (server and
 * client options over the mesh key and trust managers, readiness and registration as {@code
 * Future}s, a mesh {@code HttpClient}), {@link io.nativemesh.vertx.MeshAddress} (upstreams as
 * Vert.x addresses), {@link io.nativemesh.vertx.MeshAuthorizationHandler} (L7 intentions and the
 * caller's identity in vertx-web), {@link io.nativemesh.vertx.MeshNetClient} (TCP upstreams) and
 * {@link io.nativemesh.vertx.MeshHealthChecks}. Nothing here blocks an event loop.
 */
package io.nativemesh.vertx;

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
package io.nativemesh.server.internal.endpoints;

import io.nativemesh.server.ServerConfig;
import io.nativemesh.server.internal.acl.Acl;
import io.nativemesh.server.internal.agent.CheckRunner;
import io.nativemesh.server.internal.agent.SessionTimers;
import io.nativemesh.server.internal.agent.TtlCheckMonitor;
import io.nativemesh.server.internal.ca.CaConfigurator;
import io.nativemesh.server.internal.ca.LeafCache;
import io.nativemesh.server.internal.state.StateStore;
import java.util.random.RandomGenerator;

/**
 * What the endpoint handlers share. Immutable; the referenced components are thread-safe.
 *
 * @param config the server configuration
 * @param store the state store
 * @param leafCache the agent's leaf certificates
 * @param ttlChecks the agent's TTL check timers
 * @param random randomness (blocking-query jitter); thread-safe
 * @param advertiseAddress the address reported as node, leader and peer address
 * @param caConfigurator CA configuration changes and root rotation
 * @param sessionTimers session TTL timers
 * @param acl ACL token resolution and permission checks
 * @param checkRunner HTTP/TCP checks and the critical-service reaper
 */
public record ServerContext(
    ServerConfig config,
    StateStore store,
    LeafCache leafCache,
    TtlCheckMonitor ttlChecks,
    RandomGenerator random,
    String advertiseAddress,
    CaConfigurator caConfigurator,
    SessionTimers sessionTimers,
    Acl acl,
    CheckRunner checkRunner) {}

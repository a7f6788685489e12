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

/**
 * A decoded Consul response with its metadata.
 *
 * @param value the decoded body; null for a 404 of an endpoint that reports "not found" that way
 * @param meta the response headers
 * @param <T> the body type
 * @since 0.1.0
 */
public record QueryResult<T>(T value, QueryMeta meta) {}

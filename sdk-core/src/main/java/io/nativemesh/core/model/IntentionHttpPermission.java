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
package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * HTTP match of an L7 intention permission. At most one of the path fields is set.
 *
 * @param pathExact the request path must equal this
 * @param pathPrefix the request path must start with this
 * @param pathRegex the request path must fully match this regular expression
 * @param methods allowed HTTP methods (upper case); empty or null = any
 * @param header header conditions, all must hold
 * @since 0.1.0
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntentionHttpPermission(
    @JsonProperty("PathExact") String pathExact,
    @JsonProperty("PathPrefix") String pathPrefix,
    @JsonProperty("PathRegex") String pathRegex,
    @JsonProperty("Methods") List<String> methods,
    @JsonProperty("Header") List<IntentionHeaderPermission> header) {}

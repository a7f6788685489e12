package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One L7 permission of an intention; Consul API: {@code service-intentions} {@code Permissions[]}.
 *
 * @param action {@code "allow"} or {@code "deny"}
 * @param http the HTTP request match, may be null (matches everything)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntentionPermission(
    @JsonProperty("Action") String action,
    @JsonProperty("HTTP") IntentionHttpPermission http) {}

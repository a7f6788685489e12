package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Consul API: {@code POST /v1/agent/connect/authorize} response body.
 *
 * @param authorized whether the connection is allowed
 * @param reason which intention (or the default policy) decided
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthorizeResponse(
    @JsonProperty("Authorized") boolean authorized,
    @JsonProperty("Reason") String reason) {}

package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Consul API: {@code POST /v1/agent/connect/authorize} request body.
 *
 * @param target the destination service name
 * @param clientCertUri the client's SPIFFE ID
 * @param clientCertSerial the client certificate's colon-hex serial (accepted, not checked by Consul)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthorizeRequest(
    @JsonProperty("Target") String target,
    @JsonProperty("ClientCertURI") String clientCertUri,
    @JsonProperty("ClientCertSerial") String clientCertSerial) {}

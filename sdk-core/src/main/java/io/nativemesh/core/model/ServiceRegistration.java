package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Consul API: {@code PUT /v1/agent/service/register} body. Only {@code name} is required; the ID
 * defaults to the name.
 *
 * @param id unique per agent, defaults to {@code name}
 * @param name service name (required)
 * @param tags tags
 * @param address service address; empty means the node address
 * @param port service port
 * @param meta service metadata
 * @param kind {@code ""} for a typical service
 * @param connect Connect settings; {@code {"Native": true}} for Connect-native services
 * @param check a single check
 * @param checks several checks
 * @param weights DNS SRV weights, default {@code {Passing:1, Warning:1}}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceRegistration(
    @JsonProperty("ID") String id,
    @JsonProperty("Name") String name,
    @JsonProperty("Tags") List<String> tags,
    @JsonProperty("Address") String address,
    @JsonProperty("Port") Integer port,
    @JsonProperty("Meta") Map<String, String> meta,
    @JsonProperty("Kind") String kind,
    @JsonProperty("Connect") ConnectSettings connect,
    @JsonProperty("Check") CheckDefinition check,
    @JsonProperty("Checks") List<CheckDefinition> checks,
    @JsonProperty("Weights") Weights weights) {}

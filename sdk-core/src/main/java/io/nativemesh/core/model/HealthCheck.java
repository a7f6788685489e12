package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A health check as the health endpoints return it.
 *
 * @param node node name
 * @param checkId check ID, e.g. {@code service:web} or {@code serfHealth}
 * @param name display name
 * @param status {@value #PASSING}, {@value #WARNING} or {@value #CRITICAL}
 * @param notes free text
 * @param output last output
 * @param serviceId owning service instance, empty for node checks
 * @param serviceName owning service name, empty for node checks
 * @param serviceTags owning service tags
 * @param type {@code ttl}, {@code http}, {@code tcp}, {@code serf}...
 * @param createIndex Raft index of creation
 * @param modifyIndex Raft index of last modification
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthCheck(
    @JsonProperty("Node") String node,
    @JsonProperty("CheckID") String checkId,
    @JsonProperty("Name") String name,
    @JsonProperty("Status") String status,
    @JsonProperty("Notes") String notes,
    @JsonProperty("Output") String output,
    @JsonProperty("ServiceID") String serviceId,
    @JsonProperty("ServiceName") String serviceName,
    @JsonProperty("ServiceTags") List<String> serviceTags,
    @JsonProperty("Type") String type,
    @JsonProperty("CreateIndex") long createIndex,
    @JsonProperty("ModifyIndex") long modifyIndex) {
  /** Status of a passing check. */
  public static final String PASSING = "passing";
  /** Status of a warning check. */
  public static final String WARNING = "warning";
  /** Status of a critical check. */
  public static final String CRITICAL = "critical";
}

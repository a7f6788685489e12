package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One row of {@code GET /v1/health/service/:service} and {@code GET /v1/health/connect/:service}.
 *
 * @param node the node the instance runs on
 * @param service the service instance
 * @param checks node and service checks of this instance
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceEntry(
    @JsonProperty("Node") Node node,
    @JsonProperty("Service") AgentService service,
    @JsonProperty("Checks") List<HealthCheck> checks) {

  /** Normalizes null checks to empty. */
  public ServiceEntry {
    checks = checks == null ? List.of() : List.copyOf(checks);
  }

  /** @return the address to dial: the service address, else the node address */
  public String dialAddress() {
    String a = service.address();
    return a == null || a.isEmpty() ? node.address() : a;
  }

  /** @return true if every check (node and service) is {@code passing} (not a JSON field) */
  @JsonIgnore
  public boolean isPassing() {
    return checks.stream().allMatch(c -> HealthCheck.PASSING.equals(c.status()));
  }
}

package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code IndexedCARoots}; Consul API: {@code GET /v1/agent/connect/ca/roots} and
 * {@code GET /v1/connect/ca/roots}.
 *
 * @param activeRootId the {@link CaRoot#id()} of the active root
 * @param trustDomain {@code <cluster-id>.consul}
 * @param roots every root, active and rotated-out; clients trust all of them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaRoots(
    @JsonProperty("ActiveRootID") String activeRootId,
    @JsonProperty("TrustDomain") String trustDomain,
    @JsonProperty("Roots") List<CaRoot> roots) {

  /** Normalizes a null root list (as Consul sends before CA bootstrap) to empty. */
  public CaRoots {
    roots = roots == null ? List.of() : List.copyOf(roots);
  }
}

package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * DNS SRV weights of a service.
 *
 * @param passing weight while passing
 * @param warning weight while warning
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Weights(@JsonProperty("Passing") int passing, @JsonProperty("Warning") int warning) {
  /** Consul's default: {@code {Passing: 1, Warning: 1}}. */
  public static final Weights DEFAULT = new Weights(1, 1);
}

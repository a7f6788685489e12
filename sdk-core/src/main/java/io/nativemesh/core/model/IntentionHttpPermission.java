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
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntentionHttpPermission(
    @JsonProperty("PathExact") String pathExact,
    @JsonProperty("PathPrefix") String pathPrefix,
    @JsonProperty("PathRegex") String pathRegex,
    @JsonProperty("Methods") List<String> methods,
    @JsonProperty("Header") List<IntentionHeaderPermission> header) {}

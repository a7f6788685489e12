package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A header condition of an L7 intention permission: exactly one of the match fields is set.
 *
 * @param name header name (case-insensitive)
 * @param present the header must be present
 * @param exact the header value must equal this
 * @param prefix the header value must start with this
 * @param suffix the header value must end with this
 * @param regex the header value must fully match this
 * @param invert negate the result
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntentionHeaderPermission(
    @JsonProperty("Name") String name,
    @JsonProperty("Present") Boolean present,
    @JsonProperty("Exact") String exact,
    @JsonProperty("Prefix") String prefix,
    @JsonProperty("Suffix") String suffix,
    @JsonProperty("Regex") String regex,
    @JsonProperty("Invert") Boolean invert) {}

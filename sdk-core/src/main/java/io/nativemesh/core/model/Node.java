package io.nativemesh.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A catalog node.
 *
 * @param id node UUID
 * @param node node name
 * @param address node address
 * @param datacenter datacenter
 * @param taggedAddresses e.g. {@code lan}, {@code wan}
 * @param meta node metadata
 * @param createIndex Raft index of creation
 * @param modifyIndex Raft index of last modification
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Node(
    @JsonProperty("ID") String id,
    @JsonProperty("Node") String node,
    @JsonProperty("Address") String address,
    @JsonProperty("Datacenter") String datacenter,
    @JsonProperty("TaggedAddresses") Map<String, String> taggedAddresses,
    @JsonProperty("Meta") Map<String, String> meta,
    @JsonProperty("CreateIndex") long createIndex,
    @JsonProperty("ModifyIndex") long modifyIndex) {}

package io.nativemesh.consul;

/**
 * A decoded Consul response with its metadata.
 *
 * @param value the decoded body; null for a 404 of an endpoint that reports "not found" that way
 * @param meta the response headers
 * @param <T> the body type
 */
public record QueryResult<T>(T value, QueryMeta meta) {}

/**
 * The Netty HTTP layer: pipeline, connection guards, routing, request/response model, JSON, errors
 * and blocking-query semantics.
 */
package io.nativemesh.server.internal.http;

/** The Consul API endpoint handlers, one class per endpoint group. */
package io.nativemesh.server.internal.endpoints;

/** A subset of HashiCorp's go-bexpr boolean expressions for {@code ?filter=} (internal). */
package io.nativemesh.server.internal.filter;

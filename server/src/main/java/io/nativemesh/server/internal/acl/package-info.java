/** ACL token resolution and the permission checks this server enforces (internal). */
package io.nativemesh.server.internal.acl;

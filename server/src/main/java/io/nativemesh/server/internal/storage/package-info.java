/** Durable state: the command log and snapshots in an H2 MVStore file, and their JSON encoding. */
package io.nativemesh.server.internal.storage;

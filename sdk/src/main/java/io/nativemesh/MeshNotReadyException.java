package io.nativemesh;

import io.nativemesh.core.MeshException;

/**
 * The service did not become ready in time (no leaf, roots or intentions yet, or the leaf expired).
 * The message carries the readiness reason.
 */
public final class MeshNotReadyException extends MeshException {
  private static final long serialVersionUID = 1L;

  /** @param message the readiness reason */
  public MeshNotReadyException(String message) {
    super(message);
  }
}

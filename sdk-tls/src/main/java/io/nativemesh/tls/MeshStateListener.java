package io.nativemesh.tls;

/**
 * Told after a new {@link MeshState} is published. Runs on the publishing thread (a watch callback);
 * must be quick and must not block.
 */
@FunctionalInterface
public interface MeshStateListener {
  /**
   * @param previous the state before, or null for the first publication
   * @param current the state now in force
   */
  void onStateChanged(MeshState previous, MeshState current);
}

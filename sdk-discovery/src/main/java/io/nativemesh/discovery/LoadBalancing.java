package io.nativemesh.discovery;

/** How an upstream's next instance is chosen among the healthy, non-ejected ones. */
public enum LoadBalancing {
  /** Each instance in turn (catalog order); equal shares when every call is alike. */
  ROUND_ROBIN,
  /** Uniformly at random. */
  RANDOM,
  /**
   * Power of two choices: two instances at random, the one with fewer outstanding requests or
   * connections wins. Steers load away from slow instances without global coordination.
   */
  LEAST_OUTSTANDING
}

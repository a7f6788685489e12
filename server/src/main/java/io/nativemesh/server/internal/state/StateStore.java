package io.nativemesh.server.internal.state;

import java.util.Collection;
import java.util.Set;

/**
 * The single writer in front of the {@link StateMachine}: assigns each command the next index,
 * applies it, publishes the new immutable snapshot with one volatile write, then wakes the watchers
 * of the touched tables. Reads ({@link #snapshot()}) never lock.
 *
 * <p>{@link #apply} is the seam for durability and replication: a durable log appends
 * {@code (index, command)} here before applying, and replays the same sequence on restart.
 * Thread-safe: writers are serialized, readers are wait-free.
 */
public final class StateStore {
  private final StateMachine machine = new StateMachine();
  private final WatchRegistry<Table> watches = new WatchRegistry<>();
  private final Object writeLock = new Object();
  private volatile StateSnapshot current = StateSnapshot.empty();

  /**
   * The outcome of a write.
   *
   * @param index the index the command was applied at (≥ 1)
   * @param result the command's result (see {@link Command})
   */
  public record Applied(long index, Object result) {}

  /** @return the latest published state */
  public StateSnapshot snapshot() {
    return current;
  }

  /**
   * Applies a command at the next index.
   *
   * @param command the command
   * @return its index and result
   * @throws IllegalStateException if the command violates a state invariant (state unchanged)
   */
  public Applied apply(Command command) {
    StateMachine.Transition t;
    synchronized (writeLock) {
      t = machine.apply(current, current.index() + 1, command);
      current = t.next();
    }
    watches.fire(t.touched());
    return new Applied(t.next().index(), t.result());
  }

  /**
   * Parks a watcher on tables. Register before reading the snapshot you compare against: any write
   * published after registration fires it.
   *
   * @param tables the tables a query reads
   * @return the watch; cancel it when no longer needed
   */
  public Watch watch(Collection<Table> tables) {
    return watches.register(Set.copyOf(tables));
  }

  /** @return parked watcher registrations (tests, metrics) */
  public int parkedWatchers() {
    return watches.size();
  }
}

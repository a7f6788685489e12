package io.nativemesh.server.internal.state;

import java.util.List;

/**
 * The outcome of a {@link Command.Txn} (Consul: {@code TxnResponse}). Immutable.
 *
 * @param results per operation, the entries it returned (read verbs and set-like verbs return the
 *     entry; others nothing), in operation order; empty when rolled back
 * @param errors the failed operations; non-empty means the transaction was rolled back
 */
public record TxnResult(List<List<KvEntry>> results, List<TxnError> errors) {
  /** Copies the lists. */
  public TxnResult {
    results = List.copyOf(results);
    errors = List.copyOf(errors);
  }

  /** @return true if every operation succeeded */
  public boolean ok() {
    return errors.isEmpty();
  }

  /**
   * One failed operation.
   *
   * @param opIndex its position in the transaction
   * @param what the reason (Consul's wording where known)
   */
  public record TxnError(int opIndex, String what) {}
}

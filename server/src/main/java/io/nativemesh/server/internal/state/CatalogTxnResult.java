/*
 * Copyright 2026 The NativeMesh Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.nativemesh.server.internal.state;

import java.util.List;

/**
 * The outcome of a {@link Command.CatalogTxn} (Consul: {@code TxnResponse}). Immutable.
 *
 * @param results per operation, what it returned, in operation order; empty when rolled back
 * @param errors the failed operations; non-empty means the transaction was rolled back
 */
public record CatalogTxnResult(List<TxnOp.Item> results, List<TxnResult.TxnError> errors) {
  /** Copies the lists. */
  public CatalogTxnResult {
    results = List.copyOf(results);
    errors = List.copyOf(errors);
  }

  /**
   * @return true if every operation succeeded
   */
  public boolean ok() {
    return errors.isEmpty();
  }
}

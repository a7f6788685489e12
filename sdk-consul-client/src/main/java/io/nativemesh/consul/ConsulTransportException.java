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
package io.nativemesh.consul;

import io.nativemesh.core.MeshException;

/**
 * The Consul HTTP API could not be reached or did not answer in time (connection refused, timeout,
 * reset), or answered with a body that could not be decoded. The message names the request.
 *
 * <p>Not final since 0.2.0: {@link ConsulServersUnavailableException} is the form thrown when a
 * client with several server addresses found none of them usable.
 *
 * @since 0.1.0
 */
public class ConsulTransportException extends MeshException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message names the request and the failure
   * @param cause the I/O or decoding failure
   */
  public ConsulTransportException(String message, Throwable cause) {
    super(message, cause);
  }
}

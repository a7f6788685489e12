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
package io.nativemesh.spring.internal;

import io.nativemesh.spring.InvalidNativeMeshPropertyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link InvalidNativeMeshPropertyException} into Spring Boot's start-up report: the
 * property, the value and the accepted values. Registered in {@code META-INF/spring.factories}.
 */
public final class NativeMeshFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidNativeMeshPropertyException> {
  @Override
  protected FailureAnalysis analyze(Throwable root, InvalidNativeMeshPropertyException cause) {
    return new FailureAnalysis(
        "NativeMesh property '"
            + cause.property()
            + "' has the invalid value '"
            + cause.value()
            + "'.",
        "Set '" + cause.property() + "' to one of the accepted values: " + cause.accepted() + ".",
        cause);
  }
}

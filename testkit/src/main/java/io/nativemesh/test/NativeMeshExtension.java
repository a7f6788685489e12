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
package io.nativemesh.test;

import io.nativemesh.server.DefaultIntentionPolicy;
import io.nativemesh.server.ServerConfig;
import io.nativemesh.test.internal.MeshRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension that gives a test a real mesh ({@link NativeMesh}): what MockWebServer is to
 * OkHttp. Register it as a field, or use {@link MeshTest}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static NativeMeshExtension mesh = NativeMeshExtension.builder().acl(true).build(); // per class
 *
 * @RegisterExtension
 * NativeMeshExtension mesh = NativeMeshExtension.builder().build();                 // per test
 * }</pre>
 *
 * <p>A static field starts one server for the class (unless {@link Builder#perTest()}); an instance
 * field, one per test method. Defaults: intentions default deny, leaf TTL 1 h, CA rotation stagger
 * 200 ms, ACLs off. The server, the fake upstreams and the relay are closed after the class or the
 * test. {@link NativeMesh} is also resolved as a parameter.
 *
 * <p>With {@code @SpringBootTest}, a per-class mesh is started in {@code beforeAll}, before Spring
 * creates the application context (that happens when the test instance is prepared), and the
 * testkit's Spring test context customizer (registered in {@code META-INF/spring.factories}) sets
 * {@code nativemesh.consul.address} and {@code nativemesh.consul.token} in that context's
 * environment; the context is closed in {@code afterAll}, before the server. See docs/testkit.md.
 *
 * @since 0.1.0
 */
public final class NativeMeshExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private final Builder options;
  private NativeMesh classMesh;
  private NativeMesh testMesh;

  /** Used by {@link MeshTest}: options come from the annotation. */
  public NativeMeshExtension() {
    this.options = null;
  }

  private NativeMeshExtension(Builder options) {
    this.options = options;
  }

  /**
   * @return a builder with the defaults above
   */
  public static Builder builder() {
    return new Builder();
  }

  private Builder options(ExtensionContext ctx) {
    if (options != null) {
      return options;
    }
    Optional<MeshTest> a =
        AnnotationSupport.findAnnotation(ctx.getRequiredTestClass(), MeshTest.class);
    Builder b = new Builder();
    a.ifPresent(
        m -> {
          b.perTest = m.perTest();
          b.acl = m.acl();
          b.defaultDeny = m.defaultDeny();
        });
    return b;
  }

  @Override
  public void beforeAll(ExtensionContext ctx) {
    if (!options(ctx).perTest) {
      classMesh = options(ctx).startMesh();
      // for framework glue created from this class (the Spring test context customizer)
      MeshRegistry.publish(
          ctx.getRequiredTestClass(), classMesh.address(), classMesh.managementToken());
    }
  }

  @Override
  public void beforeEach(ExtensionContext ctx) {
    if (classMesh == null) {
      testMesh = options(ctx).startMesh();
    }
  }

  @Override
  public void afterEach(ExtensionContext ctx) {
    if (testMesh != null) {
      testMesh.close();
      testMesh = null;
    }
  }

  @Override
  public void afterAll(ExtensionContext ctx) {
    if (classMesh != null) {
      // a Spring context built on this mesh closes (and deregisters) while the server still runs
      MeshRegistry.withdraw(ctx.getRequiredTestClass());
      classMesh.close();
      classMesh = null;
    }
  }

  /**
   * @return the mesh of the running test (per-test) or class (per-class)
   * @throws IllegalStateException outside a test
   */
  public NativeMesh mesh() {
    NativeMesh m = testMesh != null ? testMesh : classMesh;
    if (m == null) {
      throw new IllegalStateException("no mesh is running (outside a test?)");
    }
    return m;
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
    return p.getParameter().getType() == NativeMesh.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
    if (testMesh == null && classMesh == null) {
      // constructor injection runs before beforeEach: start now, for this test only
      testMesh = options(ctx).startMesh();
    }
    return mesh();
  }

  /** Options of the mesh; not thread-safe. */
  public static final class Builder {
    private boolean perTest;
    private boolean acl;
    private boolean defaultDeny = true;
    private Duration leafCertTtl = Duration.ofHours(1);
    private Consumer<ServerConfig.Builder> customizer = b -> {};

    private Builder() {}

    /**
     * @return this, with one server per test method even when registered on a static field
     */
    public Builder perTest() {
      this.perTest = true;
      return this;
    }

    /**
     * @param enabled enforce ACLs (default policy deny)
     * @return this
     */
    public Builder acl(boolean enabled) {
      this.acl = enabled;
      return this;
    }

    /**
     * @param deny intentions default to deny (default true)
     * @return this
     */
    public Builder defaultDeny(boolean deny) {
      this.defaultDeny = deny;
      return this;
    }

    /**
     * @param ttl lifetime of the leaves the server issues (dev mode: 1 s or more; default 1 h)
     * @return this
     */
    public Builder leafCertTtl(Duration ttl) {
      this.leafCertTtl = ttl;
      return this;
    }

    /**
     * @param c further server settings (port, bind address, dev mode and CA key are the testkit's)
     * @return this
     */
    public Builder server(Consumer<ServerConfig.Builder> c) {
      this.customizer = c;
      return this;
    }

    /**
     * @return the extension
     */
    public NativeMeshExtension build() {
      return new NativeMeshExtension(this);
    }

    NativeMesh startMesh() {
      ServerConfig.Builder b =
          ServerConfig.builder()
              .nodeName("nativemesh-test")
              .defaultIntentionPolicy(
                  defaultDeny ? DefaultIntentionPolicy.DENY : DefaultIntentionPolicy.ALLOW)
              .leafCertTtl(leafCertTtl)
              .caRotationStagger(Duration.ofMillis(200));
      customizer.accept(b);
      return NativeMesh.start(b, acl);
    }
  }
}

package io.nativemesh.server.internal.ca;

import io.nativemesh.core.model.CaRoot;
import io.nativemesh.server.internal.state.Command;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Generates the built-in CA's root (Consul: {@code agent/connect/ca/provider_consul.go}
 * {@code GenerateRoot}). All randomness happens here, outside the state machine; the result is a
 * {@link Command.BootstrapCa} that the state machine applies deterministically. Thread-safe.
 */
public final class RootGenerator {
  /** Consul's default {@code RootCertTTL}: 87600h (10 years). */
  public static final Duration ROOT_TTL = Duration.ofHours(87600);
  private static final String ALPHANUM = "abcdefghijklmnopqrstuvwxyz0123456789";

  private RootGenerator() {}

  /**
   * @param now the current time (validity starts one minute earlier, as in Consul)
   * @param random randomness for the cluster ID, serial and CN suffix
   * @return the bootstrap command: cluster ID, the root ({@code Active}, indexes 0) and its PKCS#8 key
   */
  public static Command.BootstrapCa generate(Instant now, RandomGenerator random) {
    String clusterId = randomUuid(random);
    String trustDomain = clusterId + ".consul";
    StringBuilder uid = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      uid.append(ALPHANUM.charAt(random.nextInt(ALPHANUM.length())));
    }
    String cn = "pri-" + uid + ".consul.ca." + trustDomain.substring(0, 8).toLowerCase(Locale.ROOT) + ".consul";
    long serial = random.nextLong(1, Long.MAX_VALUE);
    Instant notBefore = now.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
    Instant notAfter = now.plus(ROOT_TTL).truncatedTo(ChronoUnit.SECONDS);
    KeyPair kp = X509Factory.newEcKeyPair();
    X509Certificate cert = X509Factory.selfSignedRoot(kp, cn, "spiffe://" + trustDomain, BigInteger.valueOf(serial),
        notBefore, notAfter);
    CaRoot root = new CaRoot(ColonHex.of(X509Factory.sha1Fingerprint(cert)), "Consul CA Primary Cert", serial,
        ColonHex.of(X509Factory.keyId(kp.getPublic())), clusterId, cert.getNotBefore().toInstant(),
        cert.getNotAfter().toInstant(), Pem.certificate(cert), null, true, "ec", 256, 0, 0);
    return new Command.BootstrapCa(clusterId, root, kp.getPrivate().getEncoded());
  }

  /**
   * @param random the random source
   * @return a version-4 (random) UUID string
   */
  public static String randomUuid(RandomGenerator random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}

package io.nativemesh.server.internal.agent;

import io.nativemesh.core.GoDuration;
import io.nativemesh.core.model.AgentService;
import io.nativemesh.core.model.CheckDefinition;
import io.nativemesh.core.model.ConnectSettings;
import io.nativemesh.core.model.HealthCheck;
import io.nativemesh.core.model.ServiceRegistration;
import io.nativemesh.core.model.Weights;
import io.nativemesh.server.internal.http.HttpError;
import io.nativemesh.server.internal.state.Command;
import io.nativemesh.server.internal.state.StoredCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a {@code PUT /v1/agent/service/register} body and turns it into a
 * {@link Command.RegisterService} (Consul API §2.5, {@code agent/agent_endpoint.go}). Defaults as in
 * Consul: {@code ID} = {@code Name}, {@code Weights} = {@code {1, 1}}, unnamed checks get
 * {@code service:<id>} (or {@code service:<id>:<n>} when there are several), TTL checks start
 * {@code critical} unless {@code Status} says otherwise. Stateless and thread-safe.
 *
 * <p>Only TTL checks are supported (nobody here would run HTTP/TCP/gRPC checks, so accepting them
 * would report a health nobody measures); other check types and service kinds other than typical
 * services are rejected with a 400.
 */
public final class RegistrationMapper {
  private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final int MAX_META_PAIRS = 64;
  private static final int MAX_META_VALUE = 512;

  private RegistrationMapper() {}

  /**
   * @param reg the decoded body, may be null (JSON {@code null})
   * @param nodeName the agent's node
   * @param datacenter the agent's datacenter
   * @return the command
   * @throws HttpError 400 with Consul's reason for invalid input
   */
  public static Command.RegisterService toCommand(ServiceRegistration reg, String nodeName, String datacenter) {
    if (reg == null || reg.name() == null || reg.name().isEmpty()) {
      throw HttpError.badRequest("Missing service name");
    }
    String id = reg.id() == null || reg.id().isEmpty() ? reg.name() : reg.id();
    if (reg.kind() != null && !reg.kind().isEmpty()) {
      throw HttpError.badRequest("Invalid service kind '" + reg.kind() + "': this server supports typical services only");
    }
    int port = reg.port() == null ? 0 : reg.port();
    if (port < 0 || port > 65535) {
      throw HttpError.badRequest("Invalid Port " + port + ": must be 0..65535");
    }
    Weights weights = reg.weights() == null ? Weights.DEFAULT : reg.weights();
    if (weights.passing() < 1) {
      throw HttpError.badRequest("Passing must be greater than 0");
    }
    if (weights.warning() < 0) {
      throw HttpError.badRequest("Warning must be greater or equal than 0");
    }
    Map<String, String> meta = reg.meta() == null ? Map.of() : new LinkedHashMap<>(reg.meta());
    validateMeta(meta);
    List<String> tags = reg.tags() == null ? List.of() : List.copyOf(reg.tags());
    if (tags.stream().anyMatch(t -> t == null)) {
      throw HttpError.badRequest("Invalid Tags: null tag");
    }
    ConnectSettings connect = reg.connect() == null ? new ConnectSettings(false) : reg.connect();
    AgentService service = new AgentService("", id, reg.name(), tags, reg.address() == null ? "" : reg.address(), meta, port,
        weights, false, connect, datacenter, null, 0, 0);

    List<CheckDefinition> defs = new ArrayList<>();
    if (reg.check() != null) {
      defs.add(reg.check());
    }
    if (reg.checks() != null) {
      for (CheckDefinition d : reg.checks()) {
        if (d == null) {
          throw HttpError.badRequest("Invalid check: null");
        }
        defs.add(d);
      }
    }
    List<StoredCheck> checks = new ArrayList<>();
    for (int i = 0; i < defs.size(); i++) {
      CheckDefinition d = defs.get(i);
      String checkId = d.checkId() != null && !d.checkId().isEmpty() ? d.checkId()
          : defs.size() == 1 ? "service:" + id : "service:" + id + ":" + (i + 1);
      String name = d.name() != null && !d.name().isEmpty() ? d.name() : "Service '" + reg.name() + "' check";
      Duration ttl = ttlOf(d, checkId);
      String status = d.status() == null || d.status().isEmpty() ? HealthCheck.CRITICAL : d.status();
      if (!status.equals(HealthCheck.PASSING) && !status.equals(HealthCheck.WARNING) && !status.equals(HealthCheck.CRITICAL)) {
        throw HttpError.badRequest("Invalid check status: '" + status + "'");
      }
      checks.add(new StoredCheck(new HealthCheck(nodeName, checkId, name, status, d.notes() == null ? "" : d.notes(), "", id,
          reg.name(), tags, "ttl", 0, 0), ttl));
    }
    return new Command.RegisterService(service, checks);
  }

  private static Duration ttlOf(CheckDefinition d, String checkId) {
    if (d.http() != null || d.tcp() != null || d.interval() != null) {
      throw HttpError.badRequest("Invalid check '" + checkId + "': only TTL checks are supported by this server");
    }
    if (d.ttl() == null || d.ttl().isEmpty()) {
      throw HttpError.badRequest("Invalid check '" + checkId + "': TTL must be > 0 for TTL checks");
    }
    Duration ttl;
    try {
      ttl = GoDuration.parse(d.ttl());
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("Invalid check '" + checkId + "': TTL: " + e.getMessage());
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw HttpError.badRequest("Invalid check '" + checkId + "': TTL must be > 0 for TTL checks");
    }
    return ttl;
  }

  private static void validateMeta(Map<String, String> meta) {
    if (meta.size() > MAX_META_PAIRS) {
      throw HttpError.badRequest("Invalid Service Meta: Node metadata cannot contain more than " + MAX_META_PAIRS + " key/value pairs");
    }
    for (Map.Entry<String, String> e : meta.entrySet()) {
      if (!META_KEY.matcher(e.getKey()).matches()) {
        throw HttpError.badRequest("Invalid Service Meta: Key contains invalid characters or is too long: '" + e.getKey() + "'");
      }
      if (e.getKey().startsWith("consul-")) {
        throw HttpError.badRequest("Invalid Service Meta: Key prefix 'consul-' is reserved for internal use");
      }
      if (e.getValue() == null) {
        e.setValue("");
      } else if (e.getValue().length() > MAX_META_VALUE) {
        throw HttpError.badRequest("Invalid Service Meta: Value is too long (limit: " + MAX_META_VALUE + " characters)");
      }
    }
  }
}

package io.writeback.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.pacing.RateBudget;
import io.writeback.store.Store;
import io.writeback.store.Stores;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator controls for the sandbox carts, behind the API's credentials: switch faults on an account
 * ({@code PUT /api/sandbox/{cart}/{account}/faults {"outage": 3, "rateLimit": 2, "latencyMs": 500}}) and put
 * the demo accounts back as they were ({@code POST /api/sandbox/reset}).
 */
@RestController
@ConditionalOnProperty(name = "writeback.sandbox.enabled", havingValue = "true")
class SandboxApi {

    private final List<SandboxAccounts<?>> carts;
    private final RateBudget budget;
    private final Stores stores;
    private final int port;

    SandboxApi(List<SandboxAccounts<?>> carts, RateBudget budget, Stores stores,
               @Value("${server.port}") int port) {
        this.carts = carts;
        this.budget = budget;
        this.stores = stores;
        this.port = port;
    }

    @GetMapping("/api/sandbox/{cart}/{account}/faults")
    ResponseEntity<Object> faults(@PathVariable String cart, @PathVariable String account) {
        SandboxCart sandbox = account(cart, account);
        return sandbox == null ? notFound(cart, account) : ResponseEntity.ok(sandbox.faults());
    }

    @PutMapping("/api/sandbox/{cart}/{account}/faults")
    ResponseEntity<Object> setFaults(@PathVariable String cart, @PathVariable String account,
                                     @RequestBody(required = false) JsonNode body) {
        SandboxCart sandbox = account(cart, account);
        if (sandbox == null) {
            return notFound(cart, account);
        }
        if (body == null || !body.isObject()) {
            return badRequest("body", "The body must be {\"outage\": n, \"rateLimit\": n, \"latencyMs\": n}");
        }
        for (String field : List.of("outage", "rateLimit", "latencyMs")) {
            JsonNode value = body.get(field);
            if (value != null && !(value.isIntegralNumber() && value.asLong() >= 0 && value.asLong() <= 600_000)) {
                return badRequest(field, field + " must be a whole number from 0 to 600000");
            }
        }
        if (body.has("outage")) {
            sandbox.outage(body.get("outage").asInt());
        }
        if (body.has("rateLimit")) {
            sandbox.rateLimit(body.get("rateLimit").asInt());
        }
        if (body.has("latencyMs")) {
            sandbox.slow(Duration.ofMillis(body.get("latencyMs").asLong()));
        }
        return ResponseEntity.ok(sandbox.faults());
    }

    /** The demo accounts as they were, and the budgets of the stores they serve: real stores' budgets stay. */
    @PostMapping("/api/sandbox/reset")
    ResponseEntity<Object> reset() {
        carts.forEach(SandboxAccounts::resetDemo);
        stores.all().stream().filter(this::servedBySandbox).forEach(budget::forget);
        return ResponseEntity.ok(Map.of("reset", carts.stream().map(SandboxAccounts::cart).sorted().toList()));
    }

    /** A store whose cart is this app's sandbox ({@code http://localhost:<port>/sandbox/...}). */
    private boolean servedBySandbox(Store store) {
        URI uri = store.config().baseUrl();
        return "localhost".equals(uri.getHost()) && uri.getPort() == port && uri.getPath().startsWith("/sandbox/");
    }

    private SandboxCart account(String cart, String account) {
        return carts.stream().filter(c -> c.cart().equals(cart)).findFirst().map(c -> c.account(account))
                .orElse(null);
    }

    private static ResponseEntity<Object> notFound(String cart, String account) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("status", 404, "error", "Not Found",
                "message", "No sandbox " + cart + " account '" + account + "'"));
    }

    private static ResponseEntity<Object> badRequest(String field, String message) {
        return ResponseEntity.badRequest().body(Map.of("status", 400, "error", "Bad Request", "field", field,
                "message", message));
    }
}

package io.writeback.cart.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.writeback.cart.CartHttp;
import io.writeback.cart.CartRequest;
import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.store.Store;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Access tokens from Login with Amazon (carts.md §2.5): one per store, fetched with the store's refresh token,
 * reused until shortly before it expires. The refresh token, client secret and access tokens are never logged.
 */
@Component
class LoginWithAmazon {

    /** Refresh this long before Amazon's expiry, so a token never expires in flight. */
    private static final Duration EARLY = Duration.ofMinutes(1);

    private record AccessToken(String value, Instant expiresAt) {
    }

    /** A store's token; one login at a time per store, while other stores' writes go on. */
    private static final class StoreLogin {
        private final ReentrantLock lock = new ReentrantLock();
        private AccessToken token;
    }

    private final CartHttp http;
    private final Map<String, StoreLogin> logins = new ConcurrentHashMap<>();

    LoginWithAmazon(CartHttp http) {
        this.http = http;
    }

    String accessToken(Store store) {
        StoreLogin login = logins.computeIfAbsent(store.id(), id -> new StoreLogin());
        login.lock.lock();
        try {
            if (login.token == null || !Instant.now().isBefore(login.token.expiresAt())) {
                login.token = fetch(store);
            }
            return login.token.value();
        } finally {
            login.lock.unlock();
        }
    }

    /** Forgets the store's token, after Amazon said it expired. */
    void invalidate(Store store, String token) {
        StoreLogin login = logins.get(store.id());
        if (login == null) {
            return;
        }
        login.lock.lock();
        try {
            if (login.token != null && login.token.value().equals(token)) {
                login.token = null;
            }
        } finally {
            login.lock.unlock();
        }
    }

    private AccessToken fetch(Store store) {
        var config = store.config();
        String form = Map.of("grant_type", "refresh_token", "refresh_token", config.refreshToken(),
                        "client_id", config.clientId(), "client_secret", config.clientSecret())
                .entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        JsonNode answer;
        try {
            answer = http.readJson(store, http.send(store, CartRequest.of("POST", config.lwaUrl(),
                    "application/x-www-form-urlencoded;charset=UTF-8", form).header("Accept", "application/json")));
        } catch (WritebackFailure failure) {
            if (failure.isTransient()) {
                throw failure;
            }
            throw new WritebackFailure(FailureCategory.AUTH_FAILED, "Login with Amazon refused the credentials of"
                    + " store " + store.id() + " (" + failure.getReason() + "): check writeback.stores." + store.id()
                    + ".client-id, client-secret and refresh-token");
        }
        String token = answer.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new WritebackFailure(FailureCategory.AUTH_FAILED, "Login with Amazon answered without an"
                    + " access_token for store " + store.id());
        }
        Duration lifetime = Duration.ofSeconds(answer.path("expires_in").asLong(3600));
        return new AccessToken(token, Instant.now().plus(lifetime.minus(EARLY)));
    }
}

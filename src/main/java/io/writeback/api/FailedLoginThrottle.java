package io.writeback.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Failed logins cost a client: each one ({@link #BASIC} for the API: a 401 to a request that carried credentials;
 * {@link #FORM} for the console: the login form sent back with an error) takes one from the client's allowance
 * ({@code failures} a {@code window}, refilled gradually); with none left, the client's requests answer 429 before any
 * password is checked, so a flood of wrong passwords cannot keep the CPUs busy hashing them.
 */
public final class FailedLoginThrottle extends OncePerRequestFilter {

    /** How a failed login shows in a request and its answer. */
    public interface FailedLogin {
        boolean test(HttpServletRequest request, HttpServletResponse response);
    }

    public static final FailedLogin BASIC = (request, response) ->
            response.getStatus() == HttpStatus.UNAUTHORIZED.value() && request.getHeader("Authorization") != null;
    public static final FailedLogin FORM = (request, response) -> "POST".equals(request.getMethod())
            && "/login".equals(request.getServletPath()) && String.valueOf(response.getHeader("Location"))
            .endsWith("/login?error");


    private final Cache<String, Bucket> clients = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterAccess(Duration.ofHours(1)).build();
    private final int failures;
    private final Duration window;
    private final FailedLogin failedLogin;

    public FailedLoginThrottle(int failures, Duration window, FailedLogin failedLogin) {
        this.failures = failures;
        this.window = window;
        this.failedLogin = failedLogin;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Bucket allowance = clients.get(request.getRemoteAddr(), client -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(failures).refillGreedy(failures, window).build()).build());
        if (allowance.getAvailableTokens() < 1) {
            long waitSeconds = Math.max(1, window.toSeconds() / failures);
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", Long.toString(waitSeconds));
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write("{\"status\":429,\"error\":\"Too Many Requests\",\"message\":\"Too many failed"
                    + " logins from this client: try again in " + waitSeconds + " s\"}");
            return;
        }
        chain.doFilter(request, response);
        if (failedLogin.test(request, response)) {
            allowance.tryConsume(1);
        }
    }
}

package io.writeback.sandbox;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The sandbox carts check their own credentials, the carts' way (WooCommerce's Basic keys, Shopify's token, …):
 * the API's Basic authentication must not see {@code /sandbox/**} at all.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "writeback.sandbox.enabled", havingValue = "true")
class SandboxSecurity {

    @Bean
    @Order(1)
    SecurityFilterChain sandboxFilterChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/sandbox/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .addFilterBefore(new BodyLimit(), AuthorizationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /**
     * The sandbox's endpoints need no credentials of ours, so they take no body larger than a cart call's
     * ({@link #MAX_BODY_BYTES}), and none of unknown length: 413 before anything is read.
     */
    static final class BodyLimit extends OncePerRequestFilter {

        static final long MAX_BODY_BYTES = 256 * 1024;

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long length = request.getContentLengthLong();
            boolean chunked = request.getHeader("Transfer-Encoding") != null;
            if (length > MAX_BODY_BYTES || chunked && length < 0) {
                response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.getWriter().write("{\"status\":413,\"error\":\"Payload Too Large\",\"message\":\"The sandbox"
                        + " takes request bodies of at most " + MAX_BODY_BYTES + " bytes, with a Content-Length\"}");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}

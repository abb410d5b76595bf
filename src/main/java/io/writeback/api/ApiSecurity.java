package io.writeback.api;

import jakarta.servlet.DispatcherType;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * HTTP Basic on {@code /api/**}: the operator ({@code writeback.api.username/password}) may do everything; an optional
 * read-only user ({@code writeback.api.read-only-username/read-only-password}) may only read. 401 (JSON) without
 * valid credentials, 403 for a read-only user that tries to change something, 429 for a client after too many failed
 * logins ({@link FailedLoginThrottle}), 403 for a change a page of another site asks a browser to make
 * ({@link CrossSiteRequests}). {@code GET /actuator/health/**} is open (its details only for the API's users),
 * {@code GET /actuator/prometheus} is for the API's users. The console (io.writeback.console) and the sandbox, where
 * it runs, have chains of their own.
 */
@Configuration(proxyBeanMethods = false)
public class ApiSecurity {

    public static final String OPERATOR = "OPERATOR";
    public static final String READ_ONLY = "READ_ONLY";

    @Bean
    @Order(2)
    SecurityFilterChain apiFilterChain(HttpSecurity http,
                                       @Value("${writeback.api.failed-logins.allowed}") int failedLogins,
                                       @Value("${writeback.api.failed-logins.per}") Duration failedLoginWindow)
            throws Exception {
        http.securityMatcher("/api/**", "/actuator/**")
                .addFilterBefore(new FailedLoginThrottle(failedLogins, failedLoginWindow, FailedLoginThrottle.BASIC),
                        BasicAuthenticationFilter.class)
                .addFilterBefore(new CrossSiteRequests(), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // the container's error page for a request that failed: its status (a 500 stays a 500)
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        // the probes: status for anyone, details for the API's users; metrics for the API's users
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasAnyRole(READ_ONLY, OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(READ_ONLY, OPERATOR)
                        .requestMatchers("/api/**").hasRole(OPERATOR)
                        .anyRequest().denyAll())
                .exceptionHandling(handling -> handling.accessDeniedHandler((request, response, denied) -> {
                    response.setStatus(HttpStatus.FORBIDDEN.value());
                    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    response.getWriter().write("{\"status\":403,\"error\":\"Forbidden\","
                            + "\"message\":\"This user may only read: retries and mapping changes need the operator\"}");
                }))
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, denied) -> {
                    response.setStatus(HttpStatus.UNAUTHORIZED.value());
                    response.setHeader("WWW-Authenticate", "Basic realm=\"writeback\"");
                    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                    response.getWriter().write("{\"status\":401,\"error\":\"Unauthorized\","
                            + "\"message\":\"Valid HTTP Basic credentials are required\"}");
                }))
                // no session and no cookie: cross-site calls are refused by CrossSiteRequests instead of a token
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService apiUsers(@Value("${writeback.api.username}") String username,
                                @Value("${writeback.api.password}") String password,
                                @Value("${writeback.api.read-only-username:}") String readOnlyUsername,
                                @Value("${writeback.api.read-only-password:}") String readOnlyPassword) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(User.withUsername(username)
                .password(encoder.encode(password)).roles(OPERATOR).build());
        if (!readOnlyUsername.isBlank()) {
            users.createUser(User.withUsername(readOnlyUsername).password(encoder.encode(readOnlyPassword))
                    .roles(READ_ONLY).build());
        }
        return users;
    }
}

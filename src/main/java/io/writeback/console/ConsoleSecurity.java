package io.writeback.console;

import static io.writeback.api.ApiSecurity.OPERATOR;
import static io.writeback.api.ApiSecurity.READ_ONLY;

import io.writeback.api.FailedLoginThrottle;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * The browser's way in: a login form and a session for the API's users, CSRF tokens on every form (Spring Security's
 * defaults), the read-only user limited to pages, a client that keeps failing to log in answered 429 as the API's
 * Basic logins are. Everything the other chains (the API, the sandbox) do not take
 * ends here, and what no rule names is refused.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    @Bean
    @Order(3)
    SecurityFilterChain consoleFilterChain(HttpSecurity http,
                                           @Value("${writeback.api.failed-logins.allowed}") int failedLogins,
                                           @Value("${writeback.api.failed-logins.per}") Duration failedLoginWindow)
            throws Exception {
        return http.addFilterBefore(new FailedLoginThrottle(failedLogins, failedLoginWindow, FailedLoginThrottle.FORM),
                        UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/login", "/assets/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/orders", "/orders/*", "/failures", "/stores",
                                "/channels").hasAnyRole(READ_ONLY, OPERATOR)
                        .requestMatchers(HttpMethod.GET, "/retries/confirm-all").hasRole(OPERATOR)
                        .requestMatchers(HttpMethod.POST, "/retries/confirm", "/retries", "/retries/progress",
                                "/stores/*/mappings", "/inventory/retries",
                                "/channels/*/suspend", "/channels/*/resume").hasRole(OPERATOR)
                        .anyRequest().denyAll())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/orders", true).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // the pages load nothing but the app's own assets: no inline script, nothing from elsewhere
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self';"
                        + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")))
                .build();
    }
}

package io.writeback.console;

import static io.writeback.api.ApiSecurity.OPERATOR;
import static io.writeback.api.ApiSecurity.READ_ONLY;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The browser's way in: a login form and a session for the API's users, CSRF tokens on every form (Spring Security's
 * defaults), the read-only user limited to pages. Everything the other chains (the API, the sandbox) do not take
 * ends here, and what no rule names is refused.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    @Bean
    @Order(3)
    SecurityFilterChain consoleFilterChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/login", "/assets/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/orders", "/orders/*", "/failures", "/stores",
                                "/channels").hasAnyRole(READ_ONLY, OPERATOR)
                        .requestMatchers(HttpMethod.POST, "/retries/confirm", "/retries", "/stores/*/mappings",
                                "/channels/*/suspend", "/channels/*/resume").hasRole(OPERATOR)
                        .anyRequest().denyAll())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/orders", true).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .headers(Customizer.withDefaults())
                .build();
    }
}

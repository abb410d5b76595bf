package io.writeback.sandbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

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
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}

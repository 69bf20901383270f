package org.sila.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The actuator endpoints: health is public (its details only for the scraper, see application.properties), the rest
 * is the scraper's alone, by HTTP basic authentication as Prometheus sends it. The web chat API's description is
 * public, like the API. Both stateless, so a request leaves no session behind; ordered before the console's form
 * sign-in, which never sees these paths.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsAccess.class)
class OperationsSecurity {

    static final String ROLE = "METRICS";

    /** The web chat API's description and its browser page: public, like the API. */
    private static final String[] API_DOCS = {"/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**",
            "/api-docs.html", "/swagger-ui/**"};

    /**
     * One chain for both: each {@code HttpSecurity} costs about 3% of the start's main thread (Spring Security 7
     * looks up {@code Customizer} beans for every one of its methods), bench/README.md.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain operationsFilterChain(HttpSecurity http, MetricsAccess access) throws Exception {
        return http.securityMatchers(matchers -> matchers
                        .requestMatchers(EndpointRequest.toAnyEndpoint())
                        .requestMatchers(API_DOCS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to("health")).permitAll()
                        .requestMatchers(API_DOCS).permitAll()
                        .anyRequest().hasRole(ROLE))
                .httpBasic(Customizer.withDefaults())
                .authenticationManager(new ProviderManager(scraper(access)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .build();
    }

    /** The one scraper account, compared in constant time; no account at all while no password is set. */
    private static AuthenticationProvider scraper(MetricsAccess access) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication attempt) {
                boolean user = same(attempt.getName(), access.username());
                boolean password = same(String.valueOf(attempt.getCredentials()), access.password());
                if (!access.open() || !(user & password)) {
                    throw new BadCredentialsException("Bad credentials");
                }
                return UsernamePasswordAuthenticationToken.authenticated(attempt.getName(), null,
                        List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
            }

            @Override
            public boolean supports(Class<?> type) {
                return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
            }
        };
    }

    private static boolean same(String given, String expected) {
        return expected != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}

package org.sila.staff.internal;

import jakarta.servlet.DispatcherType;
import org.sila.staff.StaffProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Staff sign in with a form; everything is closed except what beneficiaries and providers reach: the web chat
 * widget and its API, the channel webhooks (each checks its provider's signature itself), the health check and
 * static assets. Those public endpoints carry no session, so they are exempt from CSRF; the console is not.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(StaffProperties.class)
class SecurityConfiguration {

    static final String[] PUBLIC_APIS = {"/api/webchat/**", "/webchat/**", "/webhooks/**", "/files/**"};

    @Bean
    SecurityFilterChain staffSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(PUBLIC_APIS).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/webjars/**", "/console-assets/**",
                                "/favicon.ico", "/login", "/error").permitAll()
                        // The measurement centre is the general manager's.
                        .requestMatchers("/console/reports/**", "/console/reports").hasAnyRole("MANAGER", "ADMIN")
                        .anyRequest().authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers(PUBLIC_APIS))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/console", true).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout").deleteCookies("JSESSIONID"));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }
}

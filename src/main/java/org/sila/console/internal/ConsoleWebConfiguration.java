package org.sila.console.internal;

import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.sila.staff.StaffAccount;
import org.sila.staff.StaffDirectory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Arabic first, English on {@code ?lang=en} (kept in a cookie); a one-time password must be changed first; a
 * deactivated account is signed out at its next request.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    private final StaffDirectory staff;

    ConsoleWebConfiguration(StaffDirectory staff) {
        this.staff = staff;
    }

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("sila-lang");
        resolver.setDefaultLocale(Locale.forLanguageTag("ar"));
        resolver.setCookieMaxAge(Duration.ofDays(365));
        return resolver;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        registry.addInterceptor(lang).excludePathPatterns("/webhooks/**"); // providers' bodies are the adapters' to read
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws Exception {
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth == null || !auth.isAuthenticated()
                        || request.getRequestURI().startsWith(request.getContextPath() + "/console/password")) {
                    return true;
                }
                var account = staff.find(auth.getName());
                if (account.isPresent() && !account.get().active()) {
                    // Deactivated while signed in: the session ends now, not when it times out.
                    var session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    SecurityContextHolder.clearContext();
                    response.sendRedirect(request.getContextPath() + "/login?deactivated");
                    return false;
                }
                if (account.map(StaffAccount::mustChangePassword).orElse(false)) {
                    response.sendRedirect(request.getContextPath() + "/console/password");
                    return false;
                }
                return true;
            }
        }).addPathPatterns("/console/**");
    }
}

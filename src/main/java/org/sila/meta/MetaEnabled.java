package org.sila.meta;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The adapter is on when both the app secret and the Page access token are set (and not blank). */
class MetaEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var env = context.getEnvironment();
        return hasText(env.getProperty("sila.meta.app-secret"))
                && hasText(env.getProperty("sila.meta.page-access-token"));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}

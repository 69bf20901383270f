package org.sila.telegram;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** The adapter is on only when a bot token is set, so the hub runs (and tests run) without Telegram. */
final class TelegramConditions {

    private TelegramConditions() {
    }

    static boolean enabled(ConditionContext context) {
        return StringUtils.hasText(context.getEnvironment().getProperty("sila.telegram.token"));
    }

    static boolean webhook(ConditionContext context) {
        return "webhook".equalsIgnoreCase(context.getEnvironment().getProperty("sila.telegram.mode", "long-polling")
                .strip());
    }

    static final class Enabled implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return enabled(context);
        }
    }

    static final class LongPolling implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return enabled(context) && !webhook(context);
        }
    }

    static final class Webhook implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return enabled(context) && webhook(context);
        }
    }
}

package org.sila.conversation.internal;

import org.sila.conversation.ConversationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ConversationProperties.class)
class PipelineConfiguration {

    /** Runs the rules layer on stored inbound messages, off the adapters' threads. */
    @Bean
    ThreadPoolTaskExecutor inboundWorkers() {
        return executor("inbound-", 4);
    }

    /** Calls providers; kept apart so a slow provider never holds up answering. */
    @Bean
    ThreadPoolTaskExecutor outboundWorkers() {
        return executor("outbound-", 8);
    }

    private static ThreadPoolTaskExecutor executor(String prefix, int threads) {
        var executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix(prefix);
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        // Work is durable in the store; on shutdown, unfinished work is picked up at the next start.
        executor.setWaitForTasksToCompleteOnShutdown(false);
        executor.setAwaitTerminationSeconds(5);
        return executor;
    }
}

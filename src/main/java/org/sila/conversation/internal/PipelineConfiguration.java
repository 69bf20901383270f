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

    /**
     * Runs the rules layer on stored inbound messages, off the adapters' threads. A worker spends most of a message
     * waiting for its writes to reach the disk (the reply, the handled mark, the conversation's move), so there are
     * more workers than cores: with 4, sixteen web chat visitors waited in line for them (bench/README.md).
     */
    @Bean
    ThreadPoolTaskExecutor inboundWorkers() {
        return executor("inbound-", 16);
    }

    /**
     * Calls providers; kept apart so a slow provider never holds up answering. Eight, not more: a hub killed
     * mid-send may send again what these had under way (README, "Killed mid-send"), and 16 gained under 5%.
     */
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

package org.sila.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Counts the store commands the hub sends, by command and collection ({@code --count-commands=1}). Opt-in: a command
 * listener makes the driver copy every command, which the CPU figures must not carry.
 */
class StoreCommandCounter {

    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    @Bean
    MongoClientSettingsBuilderCustomizer countStoreCommands() {
        return settings -> settings.addCommandListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                var target = event.getCommand().get(event.getCommandName());
                String collection = target != null && target.isString() ? " " + target.asString().getValue() : "";
                COUNTS.computeIfAbsent(event.getCommandName() + collection, k -> new LongAdder()).increment();
            }
        });
    }

    static Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}

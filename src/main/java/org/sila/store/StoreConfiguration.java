package org.sila.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import com.mongodb.ConnectionString;
import com.mongodb.WriteConcern;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.sila.channel.OwnerOnlyFiles;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Where the hub keeps its data. With a MongoDB configured ({@code spring.mongodb.uri}, or the older
 * {@code spring.data.mongodb.uri}) that one is used; with none, an embedded MongoDB-wire server starts on
 * 127.0.0.1 and persists to {@code sila.store.path}, so the hub runs on a bare machine.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);
    static final String DATABASE = "sila";

    // shutdown, not shutdownNow: the hub's own client may still be closing its socket when the store goes, and
    // shutdownNow warns about every client still connected; shutdown closes them just the same, quietly.
    @Bean(destroyMethod = "shutdown")
    @Conditional(NoMongoConfigured.class)
    MongoServer embeddedMongoServer(StoreProperties properties) {
        MongoBackend backend;
        if (properties.inMemory()) {
            backend = new MemoryBackend() {
                @Override
                public Document handleCommand(Channel channel, String database, String command, Document query) {
                    return withoutSecondaryIndexes(command, query,
                            supported -> super.handleCommand(channel, database, command, supported));
                }
            };
        } else {
            Path file;
            try {
                // Every beneficiary's messages are in this file: nobody but the hub's account reads it.
                file = OwnerOnlyFiles.prepare(Path.of(properties.path()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the store file " + properties.path(), e);
            }
            backend = DurableH2Backend.open(file);
            log.info("Embedded store: {}", file);
        }
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", properties.port());
        return server;
    }

    /**
     * The embedded store builds unique indexes only: it would ignore each secondary (non-unique) index with a warning,
     * and again at every start. Those are for a real MongoDB; here they are left out quietly (the hot path uses
     * {@code _id} and unique keys only).
     */
    static Document withoutSecondaryIndexes(String command, Document query, UnaryOperator<Document> handler) {
        if (!"createIndexes".equals(command) || !(query.get("indexes") instanceof List<?> indexes)) {
            return handler.apply(query);
        }
        List<Object> kept = new ArrayList<>();
        for (Object index : indexes) {
            if (index instanceof Document spec && spec.get("key") instanceof Document key
                    && !Utils.isTrue(spec.get("unique")) && !key.keySet().equals(Set.of("_id"))) {
                log.debug("Embedded store: secondary index {} on {} left out (a real MongoDB builds it)",
                        spec.get("name"), query.get("createIndexes"));
            } else {
                kept.add(index);
            }
        }
        if (kept.isEmpty()) {
            return new Document("ok", 1.0);
        }
        Document filtered = new Document(query);
        filtered.put("indexes", kept);
        return handler.apply(filtered);
    }

    @Bean
    @Conditional(NoMongoConfigured.class)
    MongoConnectionDetails embeddedMongoConnectionDetails(MongoServer server) {
        var address = server.getLocalAddress();
        var uri = new ConnectionString("mongodb://127.0.0.1:" + address.getPort() + "/" + DATABASE);
        return () -> uri;
    }

    /**
     * The embedded store on a port of its own choosing is this process's alone; on a fixed port
     * ({@code sila.store.port}) it is there for other hub instances to share (README "Several instances").
     */
    @Bean
    StoreAccess storeAccess(ObjectProvider<MongoServer> embedded, StoreProperties properties) {
        return new StoreAccess(embedded.getIfAvailable() != null && properties.port() == 0);
    }

    /**
     * Acknowledged means durable on MongoDB too: a write is confirmed once a majority of the replica set has it in
     * its on-disk journal. (The embedded server ignores write concerns; {@link DurableH2Backend} syncs instead.)
     */
    @Bean
    MongoClientSettingsBuilderCustomizer durableWrites() {
        return settings -> settings.writeConcern(WriteConcern.MAJORITY.withJournal(true));
    }

    /** Honours the pre-Boot-4 property name that deployment guides still use. */
    @Bean
    @ConditionalOnProperty("spring.data.mongodb.uri")
    MongoConnectionDetails legacyMongoConnectionDetails(Environment environment) {
        var uri = new ConnectionString(environment.getRequiredProperty("spring.data.mongodb.uri"));
        return () -> uri;
    }

    static class NoMongoConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            return !env.containsProperty("spring.mongodb.uri")
                    && !env.containsProperty("spring.mongodb.host")
                    && !env.containsProperty("spring.data.mongodb.uri");
        }
    }
}

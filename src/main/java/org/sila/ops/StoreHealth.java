package org.sila.ops;

import java.nio.file.Path;

import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.sila.store.StoreProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The store's health: a {@code ping}, which the embedded store answers too (Boot's own MongoDB check sends
 * {@code hello}, which it does not). Also says which store this is, without credentials.
 */
@Component("store")
class StoreHealth implements HealthIndicator {

    private final MongoTemplate mongo;
    private final String description;

    StoreHealth(MongoTemplate mongo, ObjectProvider<MongoServer> embedded, StoreProperties properties,
                MongoConnectionDetails connection) {
        this.mongo = mongo;
        this.description = embedded.getIfAvailable() == null ? describe(connection.getConnectionString())
                : properties.inMemory() ? "embedded, in memory"
                : "embedded, " + Path.of(properties.path()).toAbsolutePath().normalize();
    }

    /** e.g. {@code embedded, /var/sila/data/sila.mv} or {@code MongoDB mongo:27017/sila (replica set rs0)}. */
    String description() {
        return description;
    }

    @Override
    public Health health() {
        try {
            mongo.executeCommand(new Document("ping", 1));
            return Health.up().withDetail("store", description).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("store", description).withDetail("error", e.getMessage()).build();
        }
    }

    private static String describe(ConnectionString uri) {
        String replicaSet = uri.getRequiredReplicaSetName();
        return "MongoDB " + String.join(",", uri.getHosts()) + "/" + uri.getDatabase()
                + (replicaSet == null ? "" : " (replica set " + replicaSet + ")");
    }
}

package org.sila;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * An in-memory mongo-java-server and a template on it, started once per test class: for tests of one store-facing
 * class without the hub ({@code @RegisterExtension static final MemoryStore store = new MemoryStore("name")}).
 */
public final class MemoryStore implements BeforeAllCallback, AfterAllCallback {

    private final String database;
    private MongoServer server;
    private MongoClient client;
    private MongoTemplate mongo;

    public MemoryStore(String database) {
        this.database = database;
    }

    public MongoTemplate mongo() {
        return mongo;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
        mongo = new MongoTemplate(client, database);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        server.shutdownNow();
    }
}

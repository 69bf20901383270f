package org.sila.store;

import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;

/** The embedded store as the hub opens it on file, for benchmarks outside this package. */
public final class BenchStores {

    /** A server on a free port over {@code file} with the hub's backend. */
    public static MongoServer onFile(Path file) {
        MongoServer server = new MongoServer(DurableH2Backend.open(file));
        server.bind("127.0.0.1", 0);
        return server;
    }

    private BenchStores() {
    }
}

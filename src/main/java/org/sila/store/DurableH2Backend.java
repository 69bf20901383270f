package org.sila.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with two changes, so that the embedded store keeps what it acknowledged:
 * <ul>
 * <li><b>A write is on disk before its reply.</b> H2's MVStore keeps changes in memory and commits them in the
 * background about once a second, and mongo-java-server answers a write once it is applied in memory (it ignores
 * the {@code j} and {@code fsync} write concerns), so a killed process lost up to a second of acknowledged writes.
 * Here every write command waits for a commit and sync of the file that began after it; concurrent writes share
 * one ({@link GroupCommit}).</li>
 * <li><b>Index keys and documents are serialized once, not at each comparison and each commit</b> ({@link
 * SerializedOnceType}).</li>
 * <li><b>Every document handed out is a private copy.</b> The backend updates a stored document in place, while
 * a query's reply may still hold that same object for encoding on another connection's thread: the encoder then
 * fails ({@code Failed to encode …}, a ConcurrentModificationException) and drops the connection. Copying query
 * results under the collection's lock means a stored object is never changed after it was read, as every update
 * also starts from a copy (which {@link SerializedOnceType} relies on).</li>
 * </ul>
 * The file format is H2Backend's own: a store file opens with either.
 */
class DurableH2Backend extends H2Backend {

    /**
     * How long MVStore keeps chunks no longer used before reusing their space (its default is 45 s, for file
     * systems that reorder unsynced writes). Every commit here is synced before the next one starts, so old chunks
     * are not needed for recovery; a short retention keeps the file from growing by a chunk per commit.
     */
    static final int RETENTION_MILLIS = 1_000;

    /** At most this long is spent compacting the file when it is opened. */
    static final int COMPACTION_AT_OPEN_MILLIS = 5_000;

    private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify",
            "create", "createindexes", "drop", "dropindexes", "dropdatabase", "renamecollection");

    private final GroupCommit commits;

    DurableH2Backend(MVStore store) {
        super(store);
        this.commits = new GroupCommit(() -> {
            store.commit();
            store.sync();
        });
    }

    static DurableH2Backend open(Path file) {
        return open(file, RETENTION_MILLIS);
    }

    /** With another retention time: for the benchmark that chose {@link #RETENTION_MILLIS}. */
    static DurableH2Backend open(Path file, int retentionMillis) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        // MVStore compacts in the background only while the store is idle: under steady traffic chunks that are
        // partly in use accumulate. Rewriting them at each start gives the file back its live size. (Before the
        // retention time is set: compactFile leaves it at 0.)
        store.compactFile(COMPACTION_AT_OPEN_MILLIS);
        store.setRetentionTime(retentionMillis);
        return new DurableH2Backend(store);
    }

    /** Every command of the wire protocol the driver speaks (OP_MSG) comes through here. */
    @Override
    public Document handleMessage(MongoMessage message) {
        Document reply = super.handleMessage(message);
        if (writes(message.getDocument())) {
            commits.awaitDurable();
        }
        return reply;
    }

    /** Index builds pass {@link StoreConfiguration#withoutSecondaryIndexes}, as on the in-memory store. */
    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return StoreConfiguration.withoutSecondaryIndexes(command, query,
                supported -> super.handleCommand(channel, database, command, supported));
    }

    private static boolean writes(Document command) {
        String name = command.keySet().iterator().next().toLowerCase(Locale.ROOT);
        if (WRITE_COMMANDS.contains(name)) {
            return true;
        }
        return name.equals("aggregate") && command.get("pipeline") instanceof List<?> stages && stages.stream()
                .anyMatch(s -> s instanceof Document d && (d.containsKey("$out") || d.containsKey("$merge")));
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new CopyingDatabase(databaseName);
    }

    /**
     * An inner class on purpose: H2Backend's and H2Database's constructors open collections before any field of a
     * subclass is set, so the store is reached through the backend (whose own fields are set by then).
     */
    private final class CopyingDatabase extends H2Database {

        CopyingDatabase(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // The map names are H2Database's, so that files stay readable by either backend.
            MVStore store = getMvStore();
            String namespace = getFullCollectionNamespace(collectionName);
            SerializedOnceType type = new SerializedOnceType();
            return new CopyingCollection(this, collectionName, options, store.openMap("databases." + namespace,
                    new MVMap.Builder<Object, Document>().keyType(type).valueType(type)),
                    store.openMap("meta." + namespace), cursorRegistry);
        }

        /**
         * H2Database opens the index's map by name with H2's default types; opened here first with {@link
         * SerializedOnceType} keys (the map name is H2Database's), the store hands that same open map to it.
         */
        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            SerializedOnceType type = new SerializedOnceType();
            getMvStore().openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                    new MVMap.Builder<KeyValue, Object>().keyType(type).valueType(type));
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }
    }

    private static final class CopyingCollection extends H2Collection {

        CopyingCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                          MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, collectionName, options, data, meta, cursors);
        }

        @Override
        protected QueryResult createQueryResult(List<Document> matched, int batchSize) {
            return super.createQueryResult(matched.stream().map(Document::cloneDeeply).toList(), batchSize);
        }
    }
}

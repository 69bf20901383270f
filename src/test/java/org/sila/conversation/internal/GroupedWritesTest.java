package org.sila.conversation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.sila.MemoryStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Concurrent updates sent together: each caller's own update is stored when it returns, and errors stay its own. */
class GroupedWritesTest {

    @RegisterExtension
    static final MemoryStore store = new MemoryStore("grouped");

    @Test
    void everyCallerFindsItsUpdateStoredWhenItReturns() throws Exception {
        String collection = "every";
        for (int i = 0; i < 400; i++) {
            store.mongo().insert(new Document("_id", "d" + i).append("n", 0), collection);
        }
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try (var writes = new GroupedWrites(store.mongo(), Document.class, collection, "test-writes")) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                String id = "d" + i;
                results.add(callers.submit(() -> {
                    writes.updateFirst(query(where("_id").is(id)), new Update().set("n", 1));
                    // read back at once: "returned" must mean "stored"
                    return store.mongo().findById(id, Document.class, collection).getInteger("n") == 1;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(store.mongo().count(query(where("n").is(1)), collection)).isEqualTo(400);
    }

    @Test
    void aFailingUpdateFailsItsOwnCallerOnly() throws Exception {
        String collection = "failing";
        store.mongo().indexOps(collection).ensureIndex(new Index().on("key", org.springframework.data.domain.Sort.Direction.ASC)
                .unique().sparse());
        for (int i = 0; i < 50; i++) {
            store.mongo().insert(new Document("_id", "d" + i), collection);
        }
        store.mongo().insert(new Document("_id", "taken").append("key", "k"), collection);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (var writes = new GroupedWrites(store.mongo(), Document.class, collection, "test-writes")) {
            List<Future<?>> fine = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String id = "d" + i;
                fine.add(callers.submit(() -> writes.updateFirst(query(where("_id").is(id)),
                        new Update().set("key", id))));
            }
            for (Future<?> f : fine) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> writes.updateFirst(query(where("_id").is("d1")), new Update().set("key", "k")))
                    .isInstanceOf(DuplicateKeyException.class);
        } finally {
            callers.shutdownNow();
        }
        assertThat(store.mongo().count(query(where("key").regex("^d")), collection)).isEqualTo(50);
    }
}

package org.sila.conversation.internal;

import java.util.Optional;

import org.bson.Document;
import org.sila.channel.CursorStore;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

@Component
class MongoCursorStore implements CursorStore {

    private static final String COLLECTION = "cursors";

    private final MongoTemplate mongo;

    MongoCursorStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public Optional<String> get(String key) {
        Document doc = mongo.findById(key, Document.class, COLLECTION);
        return Optional.ofNullable(doc).map(d -> d.getString("value"));
    }

    @Override
    public void put(String key, String value) {
        mongo.upsert(query(where("_id").is(key)), new Update().set("value", value), COLLECTION);
    }
}

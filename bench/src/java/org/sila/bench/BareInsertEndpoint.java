package org.sila.bench;

import java.time.Instant;
import java.util.Map;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The ceiling: an endpoint that only inserts one document, on the same server and store as the pipeline. */
@RestController
class BareInsertEndpoint {

    private final MongoTemplate mongo;

    BareInsertEndpoint(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @PostMapping("/bench/insert")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> insert(@RequestBody Map<String, String> body) {
        Document doc = new Document("text", body.get("text")).append("createdAt", Instant.now());
        mongo.insert(doc, "bench");
        return Map.of("id", doc.getObjectId("_id").toHexString());
    }
}

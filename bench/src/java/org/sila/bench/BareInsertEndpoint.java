package org.sila.bench;

import java.time.Instant;
import java.util.Map;

import org.bson.Document;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ceiling: an endpoint that only inserts one document, on the same server and store as the pipeline. Like the
 * web chat API it needs no staff session, so both go through the same filters.
 */
@RestController
class BareInsertEndpoint {

    private final MongoTemplate mongo;

    BareInsertEndpoint(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Bean
    @Order(0)
    static SecurityFilterChain benchEndpoints(HttpSecurity http) throws Exception {
        return http.securityMatcher("/bench/**").authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable()).build();
    }

    @PostMapping("/bench/insert")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> insert(@RequestBody Map<String, String> body) {
        Document doc = new Document("text", body.get("text")).append("createdAt", Instant.now());
        mongo.insert(doc, "bench");
        return Map.of("id", doc.getObjectId("_id").toHexString());
    }
}

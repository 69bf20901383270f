package org.sila.conversation;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sila.channel.AssociationFacts;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import static org.assertj.core.api.Assertions.assertThat;

/** A phone written without its country code is read in the regions of the association's profile, nowhere else. */
class PhoneRegionsTest {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort());
    private final MongoTemplate mongo = new MongoTemplate(client, "sila");

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aLocalNumberIsReadInTheProfilesRegion() {
        mongo.insert(new Beneficiary("libyan", null, "+218912345678", "ar", Instant.now()));
        mongo.insert(new Beneficiary("saudi", null, "+966501234567", "ar", Instant.now()));

        ConversationService libya = service(List.of("LY"));
        assertThat(libya.beneficiaryByPhone("0912345678")).hasValueSatisfying(b ->
                assertThat(b.id()).isEqualTo("libyan"));
        assertThat(libya.beneficiaryByPhone("0501234567")).isEmpty();

        ConversationService saudi = service(List.of("SA"));
        assertThat(saudi.beneficiaryByPhone("0501234567")).hasValueSatisfying(b ->
                assertThat(b.id()).isEqualTo("saudi"));
        assertThat(saudi.beneficiaryByPhone("+218912345678")).hasValueSatisfying(b ->
                assertThat(b.id()).isEqualTo("libyan"));
    }

    private ConversationService service(List<String> regions) {
        AssociationFacts facts = new AssociationFacts() {
            @Override
            public String text(String key, String language) {
                return key;
            }

            @Override
            public boolean isOpen(Instant at) {
                return true;
            }

            @Override
            public ZoneId timeZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public List<String> phoneRegions() {
                return regions;
            }
        };
        // Looking a phone up needs the store and the profile only.
        return new ConversationService(mongo, null, null, null, null, event -> { }, facts, Optional.empty());
    }
}

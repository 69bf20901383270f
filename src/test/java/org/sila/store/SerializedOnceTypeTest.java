package org.sila.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's data type orders keys and writes documents exactly as H2's default type does, whatever they hold,
 * asked once or again.
 */
class SerializedOnceTypeTest {

    @Test
    void ordersEveryPairOfKeysAsH2sDefaultTypeDoes() {
        Random random = new Random(42);
        List<KeyValue> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add(switch (i % 5) {
                case 0 -> new KeyValue(new ObjectId());
                case 1 -> new KeyValue("رسالة-" + random.nextInt(1000));
                case 2 -> new KeyValue((long) random.nextInt());
                case 3 -> new KeyValue("SMS", "x" + random.nextInt(50));
                // Equal values, fields in another order: their bytes differ, so does their place
                default -> new KeyValue(random.nextBoolean() ? new Document("a", 1).append("b", 2)
                        : new Document("b", 2).append("a", 1));
            });
        }
        ObjectDataType h2 = new ObjectDataType();
        SerializedOnceType remembering = new SerializedOnceType();
        for (int round = 0; round < 2; round++) {
            for (KeyValue a : keys) {
                for (KeyValue b : keys) {
                    assertThat(Integer.signum(remembering.compare(a, b))).as("%s vs %s", a, b)
                            .isEqualTo(Integer.signum(h2.compare(a, b)));
                }
            }
        }
    }

    @Test
    void writesADocumentAsH2sDefaultTypeDoesAndReadsItBack() {
        Document document = new Document("_id", new ObjectId()).append("text", "السلام عليكم")
                .append("attempts", 2).append("route", new Document("channel", "SMS").append("address", "+966500000001"));
        SerializedOnceType remembering = new SerializedOnceType();
        for (int round = 0; round < 2; round++) {
            WriteBuffer ours = new WriteBuffer();
            remembering.write(ours, document);
            WriteBuffer h2s = new WriteBuffer();
            new ObjectDataType().write(h2s, document);
            assertThat(bytes(ours)).isEqualTo(bytes(h2s));
            assertThat(new ObjectDataType().read(ByteBuffer.wrap(bytes(ours)))).isEqualTo(document);
        }
    }

    private static byte[] bytes(WriteBuffer buffer) {
        ByteBuffer written = buffer.getBuffer().flip();
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        return bytes;
    }
}

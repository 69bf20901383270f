package org.sila.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * H2's default data type for the embedded store's maps, with each document, index key and object id serialized once
 * while it is alive instead of at every use. The bytes written and the order are H2's own, so a file opens with
 * either backend.
 * <ul>
 * <li><b>Index keys</b> (the key type of {@code _id} and the hub's unique indexes): H2 orders keys it cannot compare
 * ({@link KeyValue} is not {@code Comparable}) by their Java-serialized bytes, and serialized both sides of every
 * comparison: each lookup, insert and update paid a dozen serializations.</li>
 * <li><b>Documents, keys and ids written</b>: a commit writes every changed page whole, so a write to one message
 * serialized again the dozens of unchanged messages sharing its page, their ids, and the index entries beside
 * them.</li>
 * </ul>
 * Bytes are kept per object (weak keys compare by identity: equal key values may serialize differently, fields in
 * another order), so a stored document must never change after it was first written: the library applies an update
 * to the document its query found, which {@link DurableH2Backend}'s collections hand out as a copy, then stores that
 * copy.
 */
final class SerializedOnceType extends ObjectDataType {

    /** {@code ObjectDataType.TYPE_SERIALIZED_OBJECT}: the tag H2 writes before a Java-serialized value. */
    private static final byte SERIALIZED_OBJECT = 19;

    private final Cache<Object, byte[]> serialized = Caffeine.newBuilder().weakKeys().build();

    /**
     * What H2 counts a document as in memory (its page cache and unsaved-change limits): as H2 does, twice the
     * serialized size, averaged, so that a document read from the file need not be serialized to be counted.
     */
    private volatile int documentMemory = 10_000;

    @Override
    public int compare(Object a, Object b) {
        if (a != b && a instanceof KeyValue left && b instanceof KeyValue right) {
            return compareNotNull(bytes(left), bytes(right));
        }
        return super.compare(a, b);
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (value instanceof Document || value instanceof KeyValue || value instanceof ObjectId) {
            byte[] bytes = bytes(value);
            buffer.put(SERIALIZED_OBJECT).putVarInt(bytes.length).put(bytes);
        } else {
            super.write(buffer, value);
        }
    }

    @Override
    public int getMemory(Object value) {
        return value instanceof Document ? documentMemory : super.getMemory(value);
    }

    private byte[] bytes(Object value) {
        return serialized.get(value, this::serializeCounted);
    }

    private byte[] serializeCounted(Object value) {
        byte[] bytes = ObjectDataType.serialize(value);
        if (value instanceof Document) {
            documentMemory = (bytes.length * 2 + 15 * documentMemory) / 16; // a race only loses one sample
        }
        return bytes;
    }
}

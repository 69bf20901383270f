package org.sila.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded store's unique indexes ({@code _id} on every collection, and the hub's unique keys).
 * H2 orders keys it cannot compare ({@link KeyValue} is not {@code Comparable}) by their Java-serialized bytes and
 * serializes both sides of every comparison: each lookup, insert and update paid a dozen serializations, the largest
 * single cost of a write on file. The order here is the same, so existing files read the same: the bytes of each
 * key object are computed once and kept while that object is alive (keys of pages in H2's cache, the key being
 * looked up).
 */
final class IndexKeyType extends ObjectDataType {

    /** Weak keys compare by identity: equal key values may still serialize differently (field order in a map). */
    private final Cache<KeyValue, byte[]> serialized = Caffeine.newBuilder().weakKeys().build();

    @Override
    public int compare(Object a, Object b) {
        if (a != b && a instanceof KeyValue left && b instanceof KeyValue right) {
            return compareNotNull(bytes(left), bytes(right));
        }
        return super.compare(a, b);
    }

    private byte[] bytes(KeyValue key) {
        return serialized.get(key, ObjectDataType::serialize);
    }
}

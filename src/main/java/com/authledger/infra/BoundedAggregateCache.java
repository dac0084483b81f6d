package com.authledger.infra;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An aggregate cache that holds its entries strongly, up to a size, and drops those unused for a while (Caffeine).
 * Axon's WeakReferenceCache loses an aggregate at the next garbage collection, which under load comes every second
 * or so: a user signing in was then rebuilt from its snapshot and events for its password, and again for its code a
 * few milliseconds later. Entry listeners are not supported (nothing here registers one).
 */
public final class BoundedAggregateCache implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

    public BoundedAggregateCache(long maximumSize, Duration expireAfterAccess) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(expireAfterAccess).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.get(key, k -> valueSupplier.get());
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("BoundedAggregateCache notifies no entry listeners");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.asMap().computeIfPresent(key, (k, value) -> update.apply((V) value));
    }
}

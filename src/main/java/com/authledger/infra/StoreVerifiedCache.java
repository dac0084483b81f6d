package com.authledger.infra;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An aggregate cache for N nodes sharing one event store. A cached aggregate is used only while its version is the
 * store's last sequence number for it (one indexed lookup); otherwise the entry is dropped and the aggregate is
 * loaded from its snapshot and events. Without this check a node whose copy is stale would answer a command that
 * appends nothing (an unchanged configuration, an If-Match) from the stale copy, and no append race would tell it.
 * Commands that append are protected anyway: their append conflicts and is retried on fresh state.
 */
public final class StoreVerifiedCache implements Cache {

    private final Cache delegate;
    private final ObjectProvider<EventStore> eventStore;

    public StoreVerifiedCache(Cache delegate, ObjectProvider<EventStore> eventStore) {
        this.delegate = delegate;
        this.eventStore = eventStore;
    }

    @Override
    public <K, V> V get(K key) {
        V value = delegate.get(key);
        if (value instanceof AggregateCacheEntry<?> entry && !isCurrent(key.toString(), entry)) {
            delegate.remove(key);
            return null;
        }
        return value;
    }

    private boolean isCurrent(String aggregateId, AggregateCacheEntry<?> entry) {
        Long cachedVersion;
        try {
            // An in-memory entry holds the live aggregate and hands it back as is; the arguments serve only to
            // rebuild one that was serialised, which this cache never does (then the entry is simply reloaded).
            cachedVersion = entry.recreateAggregate(null, null, null, NoSnapshotTriggerDefinition.INSTANCE).version();
        } catch (RuntimeException notInMemory) {
            return false;
        }
        return cachedVersion != null
                && cachedVersion == eventStore.getObject().lastSequenceNumberFor(aggregateId).orElse(-1L);
    }

    @Override
    public void put(Object key, Object value) {
        delegate.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return delegate.putIfAbsent(key, value);
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return delegate.computeIfAbsent(key, valueSupplier);
    }

    @Override
    public boolean remove(Object key) {
        return delegate.remove(key);
    }

    @Override
    public void removeAll() {
        delegate.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return delegate.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return delegate.registerCacheEntryListener(cacheEntryListener);
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        delegate.computeIfPresent(key, update);
    }
}

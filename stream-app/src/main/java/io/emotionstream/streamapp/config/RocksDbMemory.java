package io.emotionstream.streamapp.config;

import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One off-heap budget for every RocksDB state store of the app (both Kafka Streams clients, every task): a shared
 * block cache that also holds index and filter blocks, and memtables charged to the same cache. Without it each store
 * instance takes its own 50 MB block cache plus up to three 16 MB memtables (Kafka Streams' defaults), so memory grows
 * with stores x partitions; with it, RocksDB's data memory stays near {@code rocksdb.memory.mb}.
 * Owned by the app (closed after both clients), handed to {@link BoundedRocksDbConfig} through the streams properties.
 */
public final class RocksDbMemory implements AutoCloseable {
    /** The streams-properties key under which the config setter finds the shared budget. */
    public static final String CONFIG_KEY = "emotionstream.rocksdb.memory";
    /** Memtables may use up to this share of the budget; the rest is block, index and filter cache. */
    static final double WRITE_BUFFER_SHARE = 0.25;
    /** Index and filter blocks are kept first: evicting them costs every read a disk access. */
    private static final double HIGH_PRIORITY_SHARE = 0.1;

    static {
        RocksDB.loadLibrary();
    }

    private final long bytes;
    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;

    public RocksDbMemory(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("RocksDB memory must be positive, not " + bytes);
        }
        this.bytes = bytes;
        // not a strict limit: a strict cache fails reads when full; this one overshoots briefly instead
        this.cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_SHARE);
        this.writeBuffers = new WriteBufferManager((long) (bytes * WRITE_BUFFER_SHARE), cache);
    }

    public long bytes() {
        return bytes;
    }

    /** Bytes the cache holds now (blocks, indexes, filters and the memtables charged to it). */
    public long usage() {
        return cache.getUsage();
    }

    Cache cache() {
        return cache;
    }

    WriteBufferManager writeBuffers() {
        return writeBuffers;
    }

    @Override
    public void close() {
        writeBuffers.close();
        cache.close();
    }
}

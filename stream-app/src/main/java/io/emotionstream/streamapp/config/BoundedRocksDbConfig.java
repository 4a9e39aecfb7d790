package io.emotionstream.streamapp.config;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/**
 * Points every RocksDB store at the app's shared {@link RocksDbMemory} (Kafka Streams creates one setter per store,
 * by class name: the shared budget comes in through the streams properties, not a static).
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        if (!(configs.get(RocksDbMemory.CONFIG_KEY) instanceof RocksDbMemory memory)) {
            throw new IllegalStateException("no " + RocksDbMemory.CONFIG_KEY + " in the streams properties: "
                    + "StreamsProperties.of puts the app's shared RocksDB budget there");
        }
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(memory.writeBuffers());
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write-buffer manager are shared: the app closes them once, after both clients
    }
}

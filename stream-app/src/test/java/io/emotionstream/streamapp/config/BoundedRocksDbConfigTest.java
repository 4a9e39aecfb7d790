package io.emotionstream.streamapp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldPutEveryStoreIntoTheOneSharedBudget() throws Exception {
        // given one budget of 8 MB and two stores configured by the setter, as Kafka Streams would
        try (RocksDbMemory memory = new RocksDbMemory(8L * 1024 * 1024)) {
            Map<String, Object> configs = Map.of(RocksDbMemory.CONFIG_KEY, memory);
            long before = memory.usage();

            // when each store takes 3,000 writes of 1 KB, flushes them to files and reads them back
            for (String store : new String[] {"first", "second"}) {
                try (Options options =
                        new Options().setCreateIfMissing(true).setTableFormatConfig(new BlockBasedTableConfig())) {
                    new BoundedRocksDbConfig().setConfig(store, options, configs);
                    try (RocksDB db = RocksDB.open(options, dir.resolve(store).toString());
                            FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                        byte[] value = new byte[1024];
                        new Random(1).nextBytes(value);
                        for (int i = 0; i < 3000; i++) {
                            db.put(("key-" + i).getBytes(StandardCharsets.UTF_8), value);
                        }
                        db.flush(flush);
                        for (int i = 0; i < 3000; i++) {
                            assertThat(db.get(("key-" + i).getBytes(StandardCharsets.UTF_8)))
                                    .hasSize(1024);
                        }
                        // then the blocks they read are in the shared cache, which stays within its budget
                        assertThat(memory.usage())
                                .as(store)
                                .isGreaterThan(before + 1024 * 1024)
                                .isLessThanOrEqualTo((long) (memory.bytes() * 1.1));
                    }
                }
            }
        }
    }

    @Test
    void shouldRefuseToConfigureAStoreWithoutTheAppsBudget() {
        try (Options options = new Options()) {
            assertThatThrownBy(() -> new BoundedRocksDbConfig().setConfig("store", options, Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(RocksDbMemory.CONFIG_KEY);
        }
    }
}

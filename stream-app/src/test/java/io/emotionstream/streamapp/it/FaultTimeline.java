package io.emotionstream.streamapp.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Throughput around faults: every second, how many events have been sent (acknowledged) and how many predictions
 * committed (read_committed), with the faults marked. The lag (sent minus committed) shows each fault's cost: how far
 * it grew and how long it took to fall back to where it was before.
 */
final class FaultTimeline implements AutoCloseable {
    private record Fault(String name, int second) {}

    private final AtomicInteger sent;
    private final AtomicInteger committed = new AtomicInteger();
    private final List<int[]> seconds = new ArrayList<>(); // {sent, committed} at the end of each second
    private final List<Fault> faults = new ArrayList<>();
    private final Thread reader;
    private final long start = System.nanoTime();
    private volatile boolean running = true;

    FaultTimeline(String bootstrap, String predictions, AtomicInteger sent) {
        this.sent = sent;
        this.reader = new Thread(() -> read(bootstrap, predictions), "fault-timeline");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        "bootstrap.servers",
                        bootstrap,
                        "group.id",
                        "timeline-" + UUID.randomUUID(),
                        "auto.offset.reset",
                        "earliest",
                        "isolation.level",
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long nextSecond = start + 1_000_000_000L;
            while (running) {
                committed.addAndGet(consumer.poll(Duration.ofMillis(100)).count());
                while (System.nanoTime() >= nextSecond) {
                    synchronized (seconds) {
                        seconds.add(new int[] {sent.get(), committed.get()});
                    }
                    nextSecond += 1_000_000_000L;
                }
            }
        }
    }

    void mark(String fault) {
        synchronized (seconds) {
            faults.add(new Fault(fault, seconds.size()));
        }
    }

    void awaitCommitted(int count) {
        await().atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> committed.get() >= count);
    }

    /** One row per fault: lag before it, the most it reached, seconds until it was back within one second of load. */
    String report(int rate) {
        List<int[]> s;
        synchronized (seconds) {
            s = new ArrayList<>(seconds);
        }
        StringBuilder out = new StringBuilder(
                String.format(
                        Locale.ROOT,
                        "| fault (at second) | lag before | most lag | lowest predictions/s after | seconds to recover |%n|---|---|---|---|---|%n"));
        for (int f = 0; f < faults.size(); f++) {
            Fault fault = faults.get(f);
            int end = f + 1 < faults.size() ? faults.get(f + 1).second() : s.size();
            int before = fault.second() > 0 ? lag(s.get(fault.second() - 1)) : 0;
            int most = before;
            int lowest = Integer.MAX_VALUE;
            int recovered = -1;
            for (int i = fault.second(); i < end; i++) {
                most = Math.max(most, lag(s.get(i)));
                lowest = Math.min(lowest, i == 0 ? s.get(i)[1] : s.get(i)[1] - s.get(i - 1)[1]);
                if (recovered < 0 && i > fault.second() && lag(s.get(i)) <= before + rate) {
                    recovered = i - fault.second();
                }
            }
            out.append(String.format(
                    Locale.ROOT,
                    "| %s (%d s) | %d | %d | %d | %s |%n",
                    fault.name(),
                    fault.second(),
                    before,
                    most,
                    lowest == Integer.MAX_VALUE ? 0 : lowest,
                    recovered < 0 ? "not before the next fault" : recovered));
        }
        out.append(String.format(
                Locale.ROOT,
                "%n%d s in all; %d sent, %d predictions committed%n",
                s.size(),
                s.isEmpty() ? 0 : s.get(s.size() - 1)[0],
                committed.get()));
        return out.toString();
    }

    private static int lag(int[] second) {
        return second[0] - second[1];
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5000);
    }
}

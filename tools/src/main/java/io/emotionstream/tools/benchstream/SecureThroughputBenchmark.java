package io.emotionstream.tools.benchstream;

import io.emotionstream.broker.EmbeddedKafka;
import io.emotionstream.broker.SelfSignedTls;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.streamapp.access.AccessRole;
import io.emotionstream.streamapp.access.AclPlan;
import io.emotionstream.streamapp.config.StreamAppConfig;
import io.emotionstream.tools.benchstream.StreamBenchmark.AppAccess;
import io.emotionstream.tools.benchstream.StreamBenchmark.Run;
import io.emotionstream.trainer.report.ReportJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./emotion-stream bench-secure}: what authentication, encryption and authorisation cost the stream app. One
 * broker with two listeners: plaintext, and SASL/SCRAM-SHA-512 over TLS with Kafka's StandardAuthorizer and the app's
 * least-privilege ACLs ({@link AclPlan}). After a warm-up run, the same exactly-once throughput run
 * ({@link StreamBenchmark}) goes through each listener in turn, ABBA per round so that drift of the machine cancels;
 * the report gives every run and the ratio of the means. Environment: {@code BENCH_IMAGES}, {@code BENCH_REPORT}
 * (default {@code reports/bench/secure.json}).
 */
@Command(
        name = "bench-secure",
        mixinStandardHelpOptions = true,
        description = "The stream app's throughput over SASL/SCRAM + TLS with ACLs against plaintext, on one broker.")
public final class SecureThroughputBenchmark implements Callable<Integer> {
    private static final String USER = "bench-app";
    private static final String PASSWORD = "bench-secret";

    @Parameters(
            index = "0",
            arity = "0..1",
            defaultValue = "20000",
            description = "events per run (default: ${DEFAULT-VALUE})")
    int events;

    @Parameters(
            index = "1",
            arity = "0..1",
            defaultValue = "2",
            description = "rounds of two runs each (default: ${DEFAULT-VALUE})")
    int rounds;

    @Parameters(
            index = "2",
            arity = "0..1",
            defaultValue = "2",
            description = "stream threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("emotion-stream-bench-secure-");
        Path registry = work.resolve("models");
        StreamBenchmark.publishModel(registry, FaceLocation.NONE);
        List<byte[]> images = BenchImages.fromEnvironment(System.getenv());
        SelfSignedTls tls = SelfSignedTls.create(work, PASSWORD);
        Map<String, Object> report = new TreeMap<>();
        List<Double> plain = new ArrayList<>();
        List<Double> secure = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(tls.keystore(), PASSWORD);
                Admin admin =
                        Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD)))
                    .all()
                    .get();
            AppAccess plaintext = AppAccess.plaintext(kafka);
            AppAccess sasl =
                    new AppAccess(kafka.secureBootstrapServers(), clientSettings(tls), config -> grant(admin, config));
            StreamBenchmark.throughput(
                    kafka, plaintext, registry, work, images, new Run(events, threads, 100, "warm-up"));
            for (int round = 0; round < rounds; round++) {
                boolean plainFirst = round % 2 == 0;
                for (boolean isPlain : plainFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    String phase = (isPlain ? "plaintext" : "sasl_ssl") + " round " + (round + 1);
                    Map<String, Object> run = StreamBenchmark.throughput(
                            kafka,
                            isPlain ? plaintext : sasl,
                            registry,
                            work,
                            images,
                            new Run(events, threads, 100, phase));
                    (isPlain ? plain : secure).add((Double) run.get("images_per_second"));
                }
            }
        }
        double plainMean =
                plain.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double secureMean =
                secure.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        report.put("events_per_run", events);
        report.put("stream_threads", threads);
        report.put("plaintext_images_per_second", plain);
        report.put("sasl_ssl_images_per_second", secure);
        report.put("plaintext_mean", plainMean);
        report.put("sasl_ssl_mean", secureMean);
        report.put("sasl_ssl_over_plaintext", secureMean / plainMean);
        Path reportFile = Path.of(System.getenv().getOrDefault("BENCH_REPORT", "reports/bench/secure.json"));
        ReportJson.write(reportFile, report);
        System.out.printf(
                Locale.ROOT,
                "plaintext %.0f images/s, SASL/SCRAM over TLS with ACLs %.0f images/s: %.3f of plaintext (%d runs each)%n",
                plainMean,
                secureMean,
                secureMean / plainMean,
                plain.size());
        System.err.println("report: " + reportFile.toAbsolutePath());
        return 0;
    }

    /** The app's ACLs on the run's own topics, as {@code ./emotion-stream acls --role app} would give them. */
    private static void grant(Admin admin, StreamAppConfig config) {
        try {
            admin.createAcls(new AclPlan(config.topics(), config.applicationId())
                            .bindings("User:" + USER, AccessRole.APP, USER))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot grant the benchmark's ACLs", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> clientSettings(SelfSignedTls tls) {
        return Map.of(
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER + "\" password=\""
                        + PASSWORD + "\";",
                "ssl.truststore.location",
                tls.truststore().toString(),
                "ssl.truststore.password",
                tls.password(),
                "ssl.truststore.type",
                "PKCS12");
    }
}

package io.emotionstream.streamapp.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * A dead letter keeps a digest of its record by default; told to keep values, it is sized to its topic before it is
 * sent: value first, then foreign headers, never the dlq.* ones.
 */
class DeadLetterFitTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final byte[] HELLO = "hello".repeat(2000).getBytes(StandardCharsets.UTF_8);
    // sha256("hello" x 2000), computed independently with: python3 -c "import hashlib;
    // print(hashlib.sha256(b'hello'*2000).hexdigest())"
    private static final String HELLO_SHA256 = "0e28c82d49d8ea4bb9d82a23fc90ff9b246eeb7a51d375b8b477af9d5f772bed";

    @Test
    void shouldKeepOnlyTheDigestAndOurHeadersByDefault_evenWhenTheRecordWouldFit() {
        DeadLetterFit digest = new DeadLetterFit(10_000_000, DeadLetterValues.DIGEST);

        DeadLetterFit.Fitted fitted = digest.fit(KEY, HELLO, headers(100));

        assertThat(fitted.value()).isNull();
        assertThat(header(fitted, "dlq.value.sha256")).isEqualTo(HELLO_SHA256);
        assertThat(header(fitted, "dlq.value.size")).isEqualTo("10000");
        assertThat(header(fitted, "dlq.reason")).isEqualTo("r");
        assertThat(header(fitted, "x-original")).as("the record's own headers").isNull();
        assertThat(header(fitted, "dlq.headers.dropped")).isEqualTo("1");
    }

    @Test
    void shouldKeepADeadLetterThatFitsWhenToldToKeepValues() {
        RecordHeaders headers = headers(100);

        DeadLetterFit.Fitted fitted = keeping(10_000).fit(KEY, new byte[1000], headers);

        assertThat(fitted.value()).hasSize(1000);
        assertThat(fitted.headers()).isSameAs(headers);
    }

    @Test
    void shouldReplaceAKeptValueThatDoesNotFitWithItsHashAndSize() {
        DeadLetterFit.Fitted fitted = keeping(5_000).fit(KEY, HELLO, headers(100));

        assertThat(fitted.value()).isNull();
        assertThat(header(fitted, "dlq.value.size")).isEqualTo("10000");
        assertThat(header(fitted, "dlq.value.sha256")).isEqualTo(HELLO_SHA256);
        assertThat(header(fitted, "dlq.reason")).isEqualTo("r");
        assertThat(header(fitted, "x-original")).isNotNull();
    }

    @Test
    void shouldDropForeignHeadersWhenEvenTheyDoNotFit_keepingEveryDlqHeader() {
        DeadLetterFit.Fitted fitted = keeping(5_000).fit(KEY, new byte[100], headers(70_000));

        assertThat(fitted.value()).isNull();
        assertThat(header(fitted, "x-original")).isNull();
        assertThat(header(fitted, "dlq.reason")).isEqualTo("r");
        assertThat(header(fitted, "dlq.headers.dropped")).isEqualTo("1");
        assertThat(DeadLetterFit.size(KEY, fitted.value(), fitted.headers())).isLessThanOrEqualTo(5_000);
    }

    @Test
    void shouldReadItsSettingByName() {
        assertThat(DeadLetterValues.parse(" Keep ")).isEqualTo(DeadLetterValues.KEEP);
        assertThat(DeadLetterValues.parse("digest")).isEqualTo(DeadLetterValues.DIGEST);
        assertThatThrownBy(() -> DeadLetterValues.parse("bytes")).hasMessage("'bytes' is not one of digest, keep");
    }

    private static DeadLetterFit keeping(int maxRecordBytes) {
        return new DeadLetterFit(maxRecordBytes, DeadLetterValues.KEEP);
    }

    private static RecordHeaders headers(int originalHeaderBytes) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("x-original", new byte[originalHeaderBytes]);
        headers.add("dlq.reason", "r".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static String header(DeadLetterFit.Fitted fitted, String key) {
        var h = fitted.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

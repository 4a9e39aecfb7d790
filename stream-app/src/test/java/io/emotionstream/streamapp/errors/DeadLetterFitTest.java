package io.emotionstream.streamapp.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A dead letter is sized to its topic before it is sent: value first, then foreign headers, never the dlq.* ones. */
class DeadLetterFitTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldKeepADeadLetterThatFits() {
        RecordHeaders headers = headers(100);

        DeadLetterFit.Fitted fitted = DeadLetterFit.fit(KEY, new byte[1000], headers, 10_000);

        assertThat(fitted.value()).hasSize(1000);
        assertThat(fitted.headers()).isSameAs(headers);
    }

    @Test
    void shouldReplaceAValueThatDoesNotFitWithItsHashAndSize() {
        byte[] value = "hello".repeat(2000).getBytes(StandardCharsets.UTF_8);

        DeadLetterFit.Fitted fitted = DeadLetterFit.fit(KEY, value, headers(100), 5_000);

        assertThat(fitted.value()).isNull();
        assertThat(header(fitted, "dlq.value.size")).isEqualTo("10000");
        // sha256("hello" x 2000), computed independently with: python3 -c "import hashlib;
        // print(hashlib.sha256(b'hello'*2000).hexdigest())"
        assertThat(header(fitted, "dlq.value.sha256"))
                .isEqualTo("0e28c82d49d8ea4bb9d82a23fc90ff9b246eeb7a51d375b8b477af9d5f772bed");
        assertThat(header(fitted, "dlq.reason")).isEqualTo("r");
        assertThat(header(fitted, "x-original")).isNotNull();
    }

    @Test
    void shouldDropForeignHeadersWhenEvenTheyDoNotFit_keepingEveryDlqHeader() {
        DeadLetterFit.Fitted fitted = DeadLetterFit.fit(KEY, new byte[100], headers(70_000), 5_000);

        assertThat(fitted.value()).isNull();
        assertThat(header(fitted, "x-original")).isNull();
        assertThat(header(fitted, "dlq.reason")).isEqualTo("r");
        assertThat(header(fitted, "dlq.headers.dropped")).isEqualTo("1");
        assertThat(DeadLetterFit.size(KEY, fitted.value(), fitted.headers())).isLessThanOrEqualTo(5_000);
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

package io.emotionstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class GroupPseudonymsTest {
    private static final byte[] KEY = "a key of at least sixteen bytes".getBytes(StandardCharsets.UTF_8);
    private final GroupPseudonyms pseudonyms = GroupPseudonyms.of(KEY, Set.of("ethnicity", "age_band"));

    @Test
    void shouldBeTheFirstEightBytesOfTheHmacOfAttributeAndValue() throws Exception {
        // given HMAC-SHA256 computed here by the JDK over "ethnicity" NUL "east_asian"
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] expected = mac.doFinal("ethnicity\0east_asian".getBytes(StandardCharsets.UTF_8));

        // when / then
        assertThat(pseudonyms.pseudonym("ethnicity", "east_asian"))
                .isEqualTo("ps:" + HexFormat.of().formatHex(expected, 0, 8));
    }

    @Test
    void shouldReplaceOnlyTheConfiguredAttributesAndKeepTheOthers() {
        // given
        Map<String, String> groups = Map.of("ethnicity", "east_asian", "dataset", "jaffe");

        // when
        Map<String, String> out = pseudonyms.apply(groups);

        // then
        assertThat(out).containsEntry("dataset", "jaffe");
        assertThat(out.get("ethnicity")).matches("ps:[0-9a-f]{16}").isNotEqualTo("east_asian");
        assertThat(GroupPseudonyms.isPseudonym(out.get("ethnicity"))).isTrue();
    }

    @Test
    void shouldGiveOneValueOnePseudonymUnderAKeyAndAnotherUnderAnotherKey() {
        GroupPseudonyms other = GroupPseudonyms.of("another key, also long enough".getBytes(), Set.of("ethnicity"));

        assertThat(pseudonyms.pseudonym("ethnicity", "white")).isEqualTo(pseudonyms.pseudonym("ethnicity", "white"));
        assertThat(pseudonyms.pseudonym("ethnicity", "white")).isNotEqualTo(pseudonyms.pseudonym("ethnicity", "black"));
        assertThat(other.pseudonym("ethnicity", "white")).isNotEqualTo(pseudonyms.pseudonym("ethnicity", "white"));
        // the attribute is part of the input: the same value under two attributes does not link them
        assertThat(pseudonyms.pseudonym("age_band", "x")).isNotEqualTo(pseudonyms.pseudonym("ethnicity", "x"));
    }

    @Test
    void shouldLeaveAValueAProducerAlreadyPseudonymisedAsItIs() {
        String atTheEdge = pseudonyms.pseudonym("ethnicity", "east_asian");

        assertThat(pseudonyms.apply(Map.of("ethnicity", atTheEdge))).containsEntry("ethnicity", atTheEdge);
    }

    @Test
    void shouldChangeNothingWithoutConfiguredAttributes() {
        Map<String, String> groups = Map.of("ethnicity", "east_asian");

        assertThat(GroupPseudonyms.NONE.apply(groups)).isSameAs(groups);
        assertThat(pseudonyms.apply(Map.of("dataset", "ck"))).containsEntry("dataset", "ck");
        assertThat(pseudonyms.apply(null)).isNull();
    }

    @Test
    void shouldRefuseAShortKeyAndNeverShowTheKey() {
        assertThatThrownBy(() -> GroupPseudonyms.of(new byte[15], Set.of("ethnicity")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 bytes");
        assertThat(pseudonyms.toString()).doesNotContain("sixteen");
    }
}

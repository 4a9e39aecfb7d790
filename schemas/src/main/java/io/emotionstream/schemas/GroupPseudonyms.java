package io.emotionstream.schemas;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms of group values, so that demographics reach the monitor without their plain values: the value of
 * each configured attribute becomes {@value #PREFIX} and the first 8 bytes of HMAC-SHA256(key, attribute NUL value),
 * in hex. The same value always gives the same pseudonym under one key, so the monitor still counts per group; whoever
 * holds the key maps a report's pseudonym back by computing the pseudonyms of the values they know
 * ({@code ./emotion-stream pseudonyms}); without the key, not even a short list of candidate values can be matched.
 * A value that already is a pseudonym (a producer pseudonymised it with this class) is left as it is.
 */
public final class GroupPseudonyms {
    public static final String PREFIX = "ps:";
    /** The shortest key taken: 128 bits. */
    public static final int MIN_KEY_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int PSEUDONYM_BYTES = 8;
    private static final Pattern PSEUDONYM = Pattern.compile(Pattern.quote(PREFIX) + "[0-9a-f]{16}");

    /** Pseudonymises nothing. */
    public static final GroupPseudonyms NONE = new GroupPseudonyms(null, Set.of());

    private final SecretKeySpec key;
    private final Set<String> attributes;
    private final ThreadLocal<Mac> macs;

    private GroupPseudonyms(SecretKeySpec key, Set<String> attributes) {
        this.key = key;
        this.attributes = Set.copyOf(attributes);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** Pseudonymises the values of {@code attributes} with {@code key} (at least {@value #MIN_KEY_BYTES} bytes). */
    public static GroupPseudonyms of(byte[] key, Set<String> attributes) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "a pseudonym key needs at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
        }
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("no attribute to pseudonymise");
        }
        return new GroupPseudonyms(new SecretKeySpec(key.clone(), ALGORITHM), attributes);
    }

    public Set<String> attributes() {
        return attributes;
    }

    /** The pseudonym of {@code value} of {@code attribute} under this key (whether or not the attribute is configured). */
    public String pseudonym(String attribute, String value) {
        if (key == null) {
            throw new IllegalStateException("no pseudonym key configured");
        }
        Mac mac = macs.get();
        mac.update(attribute.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return PREFIX + HexFormat.of().formatHex(digest, 0, PSEUDONYM_BYTES);
    }

    /** {@code groups} with the configured attributes' values pseudonymised; {@code groups} itself when none is there. */
    public Map<String, String> apply(Map<String, String> groups) {
        if (groups == null || attributes.stream().noneMatch(groups::containsKey)) {
            return groups;
        }
        Map<String, String> out = new LinkedHashMap<>(groups);
        out.replaceAll((attribute, value) ->
                attributes.contains(attribute) && !isPseudonym(value) ? pseudonym(attribute, value) : value);
        return out;
    }

    /** Whether {@code value} has the form of a pseudonym. */
    public static boolean isPseudonym(String value) {
        return value != null && PSEUDONYM.matcher(value).matches();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return attributes.isEmpty() ? "no pseudonyms" : "pseudonyms of " + attributes; // never the key
    }
}

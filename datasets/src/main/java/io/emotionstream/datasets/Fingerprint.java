package io.emotionstream.datasets;

import io.emotionstream.model.bundle.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 over the sorted (id, label, content digest) entries of a dataset: independent of listing order. */
final class Fingerprint {
    private final Map<String, String> entries = new TreeMap<>();

    void add(String id, String label, byte[] content) {
        entries.put(id, label + "\t" + Sha256.of(content));
    }

    String hex() {
        MessageDigest digest = Sha256.newDigest();
        entries.forEach((id, value) -> digest.update((id + "\t" + value + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest());
    }
}

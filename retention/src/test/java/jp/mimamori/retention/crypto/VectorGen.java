package jp.mimamori.retention.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.mimamori.retention.crypto.internal.CiphertextHeader;
import jp.mimamori.core.crypto.SecretBytes;

/**
 * Writes {@code docs/vectors/retention/streaming-aead.json}: run once with {@code java -cp … VectorGen OUT}.
 * The vectors are checked against Tink (an independent implementation) by {@link StreamingVectorsTest}.
 */
public final class VectorGen {
    private VectorGen() {}

    /** The plaintext of a vector: byte i is i mod 251. */
    static byte[] plaintext(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    /** Writes the vectors file. */
    public static void main(String[] args) throws Exception {
        HexFormat hex = HexFormat.of();
        List<Map<String, Object>> vs = new ArrayList<>();
        int[][] cases = {{64, 0}, {64, 1}, {64, 8}, {64, 9}, {64, 56}, {64, 57}, {64, 200}, {4096, 5000},
            {1 << 20, (1 << 20) + 100}};
        int k = 0;
        for (int[] c : cases) {
            byte[] key = new byte[32];
            byte[] salt = new byte[32];
            byte[] prefix = new byte[7];
            for (int i = 0; i < 32; i++) {
                key[i] = (byte) (i + k);
                salt[i] = (byte) (0xa0 + i + k);
            }
            for (int i = 0; i < 7; i++) {
                prefix[i] = (byte) (0x70 + i + k);
            }
            byte[] aad = ("mimamori-segment-v1:cam-" + k + "/" + k).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] pt = plaintext(c[1]);
            byte[] ct = StreamingSegmentCipher.create(c[0]).encrypt(SecretBytes.copyOf(key), aad, pt,
                    new CiphertextHeader(salt, prefix));
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", "segment_size_" + c[0] + "_plaintext_" + c[1]);
            v.put("segment_size", c[0]);
            v.put("key", hex.formatHex(key));
            v.put("aad", hex.formatHex(aad));
            v.put("salt", hex.formatHex(salt));
            v.put("nonce_prefix", hex.formatHex(prefix));
            v.put("plaintext_length", c[1]);
            v.put("plaintext_sha256", hex.formatHex(MessageDigest.getInstance("SHA-256").digest(pt)));
            v.put("ciphertext_length", ct.length);
            v.put("ciphertext_sha256", hex.formatHex(MessageDigest.getInstance("SHA-256").digest(ct)));
            if (ct.length <= 512) {
                v.put("ciphertext", hex.formatHex(ct));
            }
            vs.add(v);
            k++;
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "mimamori-retention-vectors");
        root.put("version", 1);
        root.put("algorithm", "AES-256-GCM-HKDF-SHA256 streaming, Tink wire format, first segment offset 0");
        root.put("plaintext", "byte i = i mod 251");
        root.put("vectors", vs);
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.write(out, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}

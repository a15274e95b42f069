package jp.mimamori.integrity.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.evidence.HoldRecord;
import jp.mimamori.core.evidence.SegmentSealed;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.log.internal.RecordCodec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The published vectors of docs/vectors/evidence-records (copied to test resources): a signed
 * {@code erasure.receipt} record as the log stores it, the exact bytes its signature covers, the retention key
 * that signed it, a {@code segment.sealed} record, and a signed {@code hold.placed} and {@code hold.released} with
 * the bytes their signatures cover (the same key and scheme as receipts, docs/SECURITY.md G7). Ed25519 is deterministic, so the vectors are regenerated and compared byte for byte.
 */
class EvidenceRecordVectorsTest {
    static final Instant T = Instant.parse("2026-04-15T03:00:00Z");
    static final String MANIFEST_HASH = "5f1d0c3e9a7b2c4d6e8f00112233445566778899aabbccddeeff001122334455";

    static SigningKey retentionKey() throws Exception {
        return SigningKey.ed25519(MessageDigest.getInstance("SHA-256")
                .digest("mimamori evidence-record vector: retention key".getBytes(StandardCharsets.UTF_8)));
    }

    static ErasureReceipt receipt() throws Exception {
        return new ErasureReceipt("er-00000000000000a1", "cam-01", 7, MANIFEST_HASH, ErasureMethod.CRYPTO_ERASE,
                ErasureReason.SCHEDULED, T, "svc-retention", true,
                "data key destroyed (NIST SP 800-88 cryptographic erase)", false).signed(retentionKey());
    }

    static HoldRecord holdPlaced() throws Exception {
        return new HoldRecord.Placed("hold-0a1b2c3d4e5f", "cam-01", Instant.parse("2026-04-14T00:00:00Z"),
                Instant.parse("2026-04-14T06:00:00Z"), "manager-1", "police request 2026-118", Optional.empty(),
                Instant.parse("2026-04-14T09:30:00Z")).signed(retentionKey());
    }

    static HoldRecord holdReleased() throws Exception {
        return new HoldRecord.Released("hold-0a1b2c3d4e5f", "cam-01", "manager-1", "case closed",
                Instant.parse("2026-04-20T10:15:00.500Z")).signed(retentionKey());
    }

    /** The record's canonical encoding as the log stores it, with a final newline. */
    static byte[] line(jp.mimamori.core.evidence.EvidenceRecord r) {
        byte[] rec = RecordCodec.encode(r);
        byte[] line = Arrays.copyOf(rec, rec.length + 1);
        line[rec.length] = '\n';
        return line;
    }

    /** File name to content of every vector file. */
    static Map<String, byte[]> generate() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        SigningKey k = retentionKey();
        files.put("retention.pub.pem", k.verifyingKey().toPem().getBytes(StandardCharsets.US_ASCII));
        ErasureReceipt r = receipt();
        files.put("erasure-receipt.signed-bytes", r.signedBytes());
        byte[] rec = RecordCodec.encode(r.toRecord());
        byte[] line = new byte[rec.length + 1];
        System.arraycopy(rec, 0, line, 0, rec.length);
        line[rec.length] = '\n';
        files.put("erasure-receipt.json", line);
        byte[] sealed = RecordCodec.encode(new SegmentSealed("cam-01", 7, MANIFEST_HASH, 1_776_222_000_000_000L,
                1_776_222_059_960_000L, 1500).toRecord(Instant.parse("2026-04-15T03:01:00.250Z")));
        byte[] sealedLine = Arrays.copyOf(sealed, sealed.length + 1);
        sealedLine[sealed.length] = '\n';
        files.put("segment-sealed.json", sealedLine);
        files.put("hold-placed.json", line(holdPlaced().toRecord()));
        files.put("hold-placed.signed-bytes", holdPlaced().signedBytes());
        files.put("hold-released.json", line(holdReleased().toRecord()));
        files.put("hold-released.signed-bytes", holdReleased().signedBytes());
        return files;
    }

    @Test
    @DisplayName("K3-2-3, K3-2-2: the signed erasure receipt and hold record vectors are reproduced byte for byte and"
            + " verify")
    void committedVectors_areReproducedByteForByte() throws Exception {
        String out = System.getProperty("mimamori.writeVectors");
        Map<String, byte[]> files = generate();
        if (out != null) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Files.write(Path.of(out, e.getKey()), e.getValue());
            }
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            try (InputStream in = getClass().getResourceAsStream("/vectors/evidence-records/" + e.getKey())) {
                assertTrue(in != null, "missing vector " + e.getKey());
                assertArrayEquals(in.readAllBytes(), e.getValue(), e.getKey());
            }
        }
        byte[] line = files.get("erasure-receipt.json");
        ErasureReceipt back = ErasureReceipt.fromRecord(RecordCodec.decode(Arrays.copyOf(line, line.length - 1)));
        back.verifySignature(retentionKey().verifyingKey());
        assertEquals(receipt(), back);
        byte[] s = files.get("segment-sealed.json");
        for (String hold : List.of("hold-placed.json", "hold-released.json")) {
            byte[] h = files.get(hold);
            HoldRecord read = HoldRecord.fromRecord(RecordCodec.decode(Arrays.copyOf(h, h.length - 1)));
            read.verifySignature(retentionKey().verifyingKey());
            assertEquals(hold.equals("hold-placed.json") ? holdPlaced() : holdReleased(), read);
        }
        assertEquals(new SegmentSealed("cam-01", 7, MANIFEST_HASH, 1_776_222_000_000_000L, 1_776_222_059_960_000L,
                1500), SegmentSealed.fromRecord(RecordCodec.decode(Arrays.copyOf(s, s.length - 1))));
    }
}

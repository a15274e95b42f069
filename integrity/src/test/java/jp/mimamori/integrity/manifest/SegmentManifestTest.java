package jp.mimamori.integrity.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.Test;

/** K3-2-4: segment manifest v1 encodes canonically, parses strictly and names the field on bad input. */
class SegmentManifestTest {
    static final String KEY_ID = "ab".repeat(32);

    static SegmentManifest sample(long seq, List<ChainEvent> events) {
        byte[] root = new byte[32];
        root[0] = 1;
        return new SegmentManifest("cam-01", seq, 1_775_000_000_000_000L, 1_775_000_009_960_000L, 250,
                SegmentManifest.KIND_TS, root, seq == 0 ? Optional.empty() : Optional.of("00".repeat(32)), "ed25519", KEY_ID, events);
    }

    @Test
    void encoding_isCanonicalJsonWithFieldsInCodePointOrder() {
        String json = new String(sample(1, List.of()).encode(), StandardCharsets.UTF_8);
        assertEquals("{\"camera\":\"cam-01\",\"end_us\":1775000009960000,\"format\":\"mimamori-segment-manifest\","
                + "\"hash_alg\":\"sha-256\",\"key_id\":\"" + KEY_ID + "\",\"leaf_format\":\"mimamori-unit-leaf-v1\","
                + "\"merkle_root\":\"01" + "00".repeat(31) + "\",\"prev_manifest_hash\":\"" + "00".repeat(32)
                + "\",\"sequence\":1,\"sig_alg\":\"ed25519\",\"start_us\":1775000000000000,"
                + "\"tree_alg\":\"rfc9162-sha-256\",\"unit_count\":250,\"unit_kind\":\"mpegts-access-unit\","
                + "\"version\":1}", json);
    }

    @Test
    void parse_roundTripsEveryEventKind() {
        Props.theory().forAll(longs().between(0, (1L << 53) - 1), integers().between(0, 3)).checkAssert((seq, k) -> {
            List<ChainEvent> ev = switch (k) {
                case 0 -> List.of();
                case 1 -> List.of(new ChainEvent.Restart(ChainEvent.RestartReason.CRASH, 4, 17));
                case 2 -> List.of(new ChainEvent.KeyRotation("ecdsa-p256-sha256", new byte[] {1, 2, 3}, KEY_ID));
                default -> List.of(new ChainEvent.Restart(ChainEvent.RestartReason.RECORDER_RESTART, -1, -1),
                        new ChainEvent.KeyRotation("ed25519", new byte[44], "cd".repeat(32)));
            };
            SegmentManifest m = sample(seq, ev);
            try {
                SegmentManifest back = SegmentManifest.parse(m.encode());
                assertEquals(m, back);
                assertArrayEquals(m.encode(), back.encode());
                assertEquals(ev, back.events());
            } catch (ManifestFormatException e) {
                throw new AssertionError(e);
            }
        });
    }

    static String parseError(String json) {
        return assertThrows(ManifestFormatException.class,
                () -> SegmentManifest.parse(json.getBytes(StandardCharsets.UTF_8))).getMessage();
    }

    static String valid() {
        return new String(sample(1, List.of()).encode(), StandardCharsets.UTF_8);
    }

    @Test
    void badInput_isRejectedNamingTheField() {
        assertEquals("manifest: bytes are not in canonical form (RFC 8785)", parseError(" " + valid()));
        assertEquals("unit_count: 0 is outside 1 to 9007199254740991",
                parseError(valid().replace("\"unit_count\":250", "\"unit_count\":0")));
        assertEquals("hash_alg: must be \"sha-256\"", parseError(valid().replace("\"sha-256\"", "\"md5\"")));
        assertEquals("merkle_root: must be 64 lowercase hex digits",
                parseError(valid().replace("\"01" + "00".repeat(31), "\"01" + "00".repeat(30) + "0G")));
        assertEquals("extra: unknown field", parseError(valid().replace("{\"camera\"", "{\"extra\":1,\"camera\"")));
        assertEquals("end_us: 1 is outside 1775000000000000 to 9007199254740991",
                parseError(valid().replace("\"end_us\":1775000009960000", "\"end_us\":1")));
        assertEquals("sequence: required field is missing", parseError(valid().replace("\"sequence\":1,", "")));
        assertEquals("events[0].reason: unknown restart reason \"nap\"", parseError(valid().replace("\"format\"",
                "\"events\":[{\"reason\":\"nap\",\"type\":\"restart\"}],\"format\"")));
    }

    @Test
    void unitLeaf_isIndexTimeHashBigEndian() {
        byte[] hash = new byte[32];
        hash[31] = (byte) 0xEE;
        byte[] leaf = UnitLeaf.of(258, -1, hash);
        assertEquals("0000000000000102" + "ffffffffffffffff" + "00".repeat(31) + "ee", HexFormat.of().formatHex(leaf));
    }

    /** Arbitrary bytes: a manifest, or ManifestFormatException naming a field; nothing else escapes. */
    @FuzzTest(maxDuration = "10s")
    void arbitraryBytes_parseOrFormatException(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        try {
            SegmentManifest m = SegmentManifest.parse(b);
            assertArrayEquals(b, m.encode());
        } catch (ManifestFormatException expected) {
            // the only failure allowed
        }
        try {
            ManifestSignature.parse(b);
        } catch (ManifestFormatException expected) {
            // the only failure allowed
        }
        try {
            UnitIndex.parse(b);
        } catch (ManifestFormatException expected) {
            // the only failure allowed
        }
    }
}

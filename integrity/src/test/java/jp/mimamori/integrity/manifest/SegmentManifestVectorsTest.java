package jp.mimamori.integrity.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.testutil.FolderStore;
import jp.mimamori.integrity.testutil.Recordings;
import jp.mimamori.integrity.verify.RecordingVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published vectors beside docs/FORMATS.md ({@code docs/vectors/segment-manifest-v1/}) are re-derived here
 * byte for byte: key, units, leaves, roots, manifests, signatures, unit indexes, chain state and a clip.
 * Regenerate (after a deliberate format change only) with {@code -Dmimamori.vectors.update=true}.
 */
class SegmentManifestVectorsTest {
    static final Path VECTORS = Path.of("..", "docs", "vectors", "segment-manifest-v1");
    static final String CAMERA = "cam-vec";
    static final long T0 = 1_775_034_000_000_000L; // 2026-04-01T09:00:00Z

    static SigningKey key() throws Exception {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) i;
        }
        return SigningKey.ed25519(seed);
    }

    static List<List<byte[]>> units() {
        List<List<byte[]>> segs = new ArrayList<>();
        int[] counts = {3, 2};
        for (int s = 0; s < counts.length; s++) {
            List<byte[]> us = new ArrayList<>();
            for (int i = 0; i < counts[s]; i++) {
                us.add(("mimamori test unit " + s + "." + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            segs.add(us);
        }
        return segs;
    }

    /** Builds the whole vector folder into {@code out}. */
    static void derive(Path out) throws Exception {
        SigningKey k = key();
        Files.createDirectories(out.resolve("keys"));
        Files.writeString(out.resolve("keys/private.pem"), k.toPem());
        Files.writeString(out.resolve("keys/public.pem"), k.verifyingKey().toPem());
        FolderStore store = FolderStore.at(out.resolve("store"));
        CameraChain chain = store.openChain(CAMERA, k);
        List<Object> unitRows = new ArrayList<>();
        List<Object> segRows = new ArrayList<>();
        long t = T0;
        List<List<byte[]>> segs = units();
        HexFormat hex = HexFormat.of();
        for (int s = 0; s < segs.size(); s++) {
            List<byte[]> us = segs.get(s);
            long[] times = new long[us.size()];
            List<byte[]> leafHashes = new ArrayList<>();
            for (int i = 0; i < us.size(); i++) {
                times[i] = t;
                byte[] content = MessageDigest.getInstance("SHA-256").digest(us.get(i));
                byte[] leaf = UnitLeaf.of(i, t, content);
                leafHashes.add(Merkle.leafHash(leaf));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("segment", (long) s);
                row.put("index", (long) i);
                row.put("capture_us", t);
                row.put("content_sha256", hex.formatHex(content));
                row.put("leaf", hex.formatHex(leaf));
                row.put("leaf_hash", hex.formatHex(Merkle.leafHash(leaf)));
                unitRows.add(row);
                t += 40_000;
            }
            SignedManifest m = store.sealUnits(chain, SegmentManifest.KIND_CHUNK, us, times);
            assertArrayEquals(Merkle.root(leafHashes), m.manifest().merkleRoot());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sequence", (long) s);
            row.put("merkle_root", hex.formatHex(m.manifest().merkleRoot()));
            row.put("manifest_sha256", m.hashHex());
            segRows.add(row);
        }
        store.exportClip(CAMERA, 0, 1, 2, out.resolve("clip"));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("camera", CAMERA);
        v.put("key_id", k.verifyingKey().keyId());
        v.put("units", unitRows);
        v.put("segments", segRows);
        Files.write(out.resolve("vectors.json"), CanonicalJson.encode(v));
    }

    static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            // The chain's lock file (empty, one writer per camera) is no part of the vectors.
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("README.md"))
                    .filter(p -> !p.getFileName().toString().endsWith(".lock"))
                    .map(root::relativize).sorted().toList();
        }
    }

    @Test
    @DisplayName("K3-2-4: docs/vectors/segment-manifest-v1 re-derives byte for byte and verifies VALID")
    void publishedVectors_rederiveByteForByte(@TempDir Path tmp) throws Exception {
        if (Boolean.getBoolean("mimamori.vectors.update")) {
            Recordings.deleteTree(VECTORS.resolve("store"));
            Recordings.deleteTree(VECTORS.resolve("clip"));
            derive(VECTORS);
        }
        derive(tmp);
        List<Path> expected = files(VECTORS);
        assertEquals(expected, files(tmp));
        for (Path p : expected) {
            assertArrayEquals(Files.readAllBytes(VECTORS.resolve(p)), Files.readAllBytes(tmp.resolve(p)), p.toString());
        }
        TrustStore trust = TrustStore.fromPemFiles(List.of(VECTORS.resolve("keys/public.pem")));
        VerificationReport r = new RecordingVerifier().verify(VECTORS.resolve("store"), VerifyContext.of(trust));
        assertTrue(r.isValid(), r.toJson());
        assertEquals(List.of(), r.findings());
        assertTrue(new RecordingVerifier().verify(VECTORS.resolve("clip"), VerifyContext.of(trust)).isValid());
    }
}

package jp.mimamori.integrity.testutil;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.time.Instant;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.testing.Receipts;

/** Random sealed recordings for tests: a store with one camera, a few segments of a few random units. */
public final class Recordings {
    /** The camera id used. */
    public static final String CAMERA = "cam-01";
    private static SigningKey key;
    private static SigningKey otherKey;

    private Recordings() {}

    /** The recorder key every random recording is sealed with (one per test JVM). */
    public static synchronized SigningKey key() {
        if (key == null) {
            key = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
        }
        return key;
    }

    /** A key derived from a fixed seed, the same in every JVM (for child-process tests). */
    public static SigningKey fixedKey() {
        try {
            byte[] seed = new byte[32];
            seed[0] = 42;
            return SigningKey.ed25519(seed);
        } catch (jp.mimamori.core.error.CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A second key the trust store does not hold. */
    public static synchronized SigningKey otherKey() {
        if (otherKey == null) {
            try {
                otherKey = SigningKey.ed25519(new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                    17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
            } catch (jp.mimamori.core.error.CryptoException e) {
                throw new IllegalStateException(e);
            }
        }
        return otherKey;
    }

    /** The retention service's key that signs erasure receipts in tests (a fixed seed, the same in every JVM). */
    public static SigningKey retentionKey() {
        try {
            byte[] seed = new byte[32];
            seed[0] = 7;
            seed[31] = 1;
            return SigningKey.ed25519(seed);
        } catch (jp.mimamori.core.error.CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A scheduled erasure receipt for that segment, signed by {@link #retentionKey()}. */
    public static ErasureReceipt signedReceipt(String camera, long sequence, String manifestHash) {
        try {
            return Receipts.erased(camera, sequence, manifestHash).signed(retentionKey());
        } catch (jp.mimamori.core.error.CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An evidence log, fully anchored, holding a {@code segment.sealed} record for each of {@code sealed}, then
     * {@code receipts}.
     */
    public static AnchoredLog anchoredLog(List<SignedManifest> sealed, List<ErasureReceipt> receipts) {
        List<EvidenceRecord> records = new ArrayList<>();
        for (SignedManifest m : sealed) {
            records.add(SegmentLog.record(m).toRecord(Instant.parse("2026-04-01T00:00:00Z")));
        }
        for (ErasureReceipt r : receipts) {
            records.add(r.toRecord());
        }
        return AnchoredLog.of(records, records.size());
    }

    /** A trust store holding {@link #key()} and {@link #retentionKey()}. */
    public static TrustStore trustWithRetention() {
        return TrustStore.of(List.of(key().verifyingKey(), retentionKey().verifyingKey()));
    }

    /** A trust store holding {@link #key()}. */
    public static TrustStore trust() {
        return TrustStore.of(List.of(key().verifyingKey()));
    }

    /**
     * Seals {@code segments} segments of 1..maxUnits random units (8..64 bytes each) into {@code store}.
     *
     * @return the manifests, in order
     */
    public static List<SignedManifest> random(Path store, long seed, int segments, int maxUnits) throws Exception {
        Random r = new Random(seed);
        FolderStore s = FolderStore.at(store);
        CameraChain chain = s.openChain(CAMERA, key());
        List<SignedManifest> out = new ArrayList<>();
        long t = 1_775_000_000_000_000L + r.nextInt(1_000_000);
        for (int k = 0; k < segments; k++) {
            int n = 1 + r.nextInt(maxUnits);
            List<byte[]> units = new ArrayList<>();
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                byte[] u = new byte[8 + r.nextInt(57)];
                r.nextBytes(u);
                units.add(u);
                times[i] = t;
                t += 40_000;
            }
            out.add(s.sealUnits(chain, SegmentManifest.KIND_CHUNK, units, times));
        }
        chain.close();
        return out;
    }

    /** Copies a folder tree. */
    public static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a folder tree. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(x);
            }
        }
    }
}

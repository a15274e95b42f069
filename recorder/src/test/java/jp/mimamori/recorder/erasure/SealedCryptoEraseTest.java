package jp.mimamori.recorder.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jp.mimamori.core.crypto.SecretBytes;
import jp.mimamori.core.evidence.ErasureMethod;
import jp.mimamori.core.evidence.ErasureReason;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.segment.SegmentRef;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.log.LogCheckpoints;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.verify.VerifyContext;
import jp.mimamori.recorder.store.CameraRecorder;
import jp.mimamori.recorder.store.Recorder;
import jp.mimamori.recorder.store.RecorderOptions;
import jp.mimamori.recorder.store.StoreVerifier;
import jp.mimamori.recorder.store.TestSegments;
import jp.mimamori.retention.crypto.KeyEncryptionKey;
import jp.mimamori.retention.crypto.KeyVault;
import jp.mimamori.retention.erase.ErasureEngine;
import jp.mimamori.testing.TestDecisions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K3-2-3, NIST SP 800-88 cryptographic erase: a sealed segment of an encrypted store v2 is erased by destroying its
 * data key in the camera's key vault (then its files are removed), not by overwriting; the receipt says
 * {@code crypto-erase}, and the verifier reports {@code SEGMENT_ERASED} with it.
 */
class SealedCryptoEraseTest {
    private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(86_400 * 15), ZoneOffset.UTC);
    private static final KeyEncryptionKey KEK = KeyEncryptionKey.generate();
    private static final SigningKey KEY = SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());

    @TempDir
    Path dir;
    private Path store;
    private final List<SignedManifest> sealed = new ArrayList<>();

    @BeforeEach
    void sealThreeEncryptedSegments() throws Exception {
        store = dir.resolve("store");
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"));
             Recorder recorder = Recorder.open(store, RecorderOptions.encrypted(KEY, KEK)
                     .withEvidenceLog(log, CLOCK));
             CameraRecorder cam = recorder.camera("cam-01")) {
            for (int seq = 0; seq < 3; seq++) {
                long us = (T0.getEpochSecond() + seq * 60L) * 1_000_000L;
                sealed.add(TestSegments.seal(cam, new byte[] {1, (byte) seq, 2, (byte) seq}, us));
            }
        }
    }

    private List<String> vaultIds() throws Exception {
        return KeyVault.openReadOnly(store.resolve("cam-01/keys.vault"), KEK).ids();
    }

    @Test
    @DisplayName("K3-2-3: erasing an encrypted sealed segment destroys its data key, removes its files; SEGMENT_ERASED")
    void encryptedSegment_isCryptoErased_andVerifiesAsErased() throws Exception {
        assertEquals(List.of("000000000000", "000000000001", "000000000002"), vaultIds());
        try (SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK));
             TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"));
             ErasureEngine engine = ErasureEngine.open(dir.resolve("erasure.journal"), SecretBytes.random(32),
                     adapter, log, s -> false, (p, c, t) -> TestDecisions.permit(), CLOCK,
                     SealedSegmentStoreTest.RETENTION)) {
            assertEquals(ErasureMethod.CRYPTO_ERASE, adapter.method());
            SegmentRef one = adapter.find("cam-01", 1).orElseThrow();
            ErasureEngine.Batch b = engine.erase(List.of(one), ErasureReason.SCHEDULED, "svc-retention");
            assertTrue(b.receipts().get(0).erased(), b.receipts().get(0).receipt().note());
            assertEquals(ErasureMethod.CRYPTO_ERASE, b.receipts().get(0).receipt().method());
            assertTrue(b.receipts().get(0).receipt().note().contains("data key destroyed"),
                    b.receipts().get(0).receipt().note());
            LogCheckpoints.write(log, SealedSegmentStoreTest.LOG_KEY, List.of(), CLOCK.instant());
        }
        assertEquals(List.of("000000000000", "000000000002"), vaultIds(), "the data key of segment 1 is gone");
        assertFalse(Files.exists(store.resolve("cam-01/000000000001")), "no ciphertext or index kept");
        VerificationReport r = new StoreVerifier(Optional.of(KEK)).verify(store, VerifyContext.of(TrustStore.of(
                List.of(KEY.verifyingKey(), SealedSegmentStoreTest.RETENTION.verifyingKey())))
                .withLog(AnchoredLog.read(dir.resolve("log"), List.of(SealedSegmentStoreTest.LOG_KEY.verifier()))));
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals(List.of(1L), r.findings(VerificationCode.SEGMENT_ERASED).stream()
                .map(f -> f.where().segment().getAsLong()).toList());
    }

    @Test
    @DisplayName("K4-3-2: decommissioning a camera crypto-erases all its sealed footage with receipts, logs the"
            + " decommission, and the store verifies with every segment SEGMENT_ERASED")
    void decommissioningTheCamera_cryptoErasesItsSealedFootage_andVerifiesAsErased() throws Exception {
        jp.mimamori.retention.decommission.Decommissioning.Result done;
        try (SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK));
             TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"));
             ErasureEngine engine = ErasureEngine.open(dir.resolve("erasure.journal"), SecretBytes.random(32),
                     adapter, log, s -> false, (p, c, t) -> TestDecisions.permit(), CLOCK,
                     SealedSegmentStoreTest.RETENTION)) {
            done = jp.mimamori.retention.decommission.Decommissioning.run(
                    new jp.mimamori.retention.decommission.Decommissioning.Request("cam-01", "manager-1",
                            CLOCK.instant(), CLOCK.instant(), List.of(), "pole removed"),
                    adapter, engine, log, CLOCK);
            LogCheckpoints.write(log, SealedSegmentStoreTest.LOG_KEY, List.of(), CLOCK.instant());
        }
        assertTrue(done.complete(), "nothing of the camera remains");
        assertEquals(3, done.receipts().size());
        assertTrue(done.receipts().stream().allMatch(e -> e.erased()
                && e.receipt().method() == ErasureMethod.CRYPTO_ERASE
                && e.receipt().reason() == ErasureReason.DECOMMISSION));
        assertEquals(List.of(), vaultIds(), "every data key of the camera is destroyed");
        List<String> types = new ArrayList<>();
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"))) {
            for (long i = 0; i < log.size(); i++) {
                types.add(log.record(i).type());
            }
        }
        assertTrue(types.contains(jp.mimamori.core.evidence.EvidenceTypes.DECOMMISSION), types.toString());
        VerificationReport r = new StoreVerifier(Optional.of(KEK)).verify(store, VerifyContext.of(TrustStore.of(
                List.of(KEY.verifyingKey(), SealedSegmentStoreTest.RETENTION.verifyingKey())))
                .withLog(AnchoredLog.read(dir.resolve("log"), List.of(SealedSegmentStoreTest.LOG_KEY.verifier()))));
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals(List.of(0L, 1L, 2L), r.findings(VerificationCode.SEGMENT_ERASED).stream()
                .map(f -> f.where().segment().getAsLong()).toList());
    }

    @Test
    @DisplayName("K3-2-3, invariant 6: a crash between the keys' destruction and the files' removal leaves a store that"
            + " verifies with the segments SEGMENT_ERASED; the files go at the writer's next open")
    void crashBeforeFileRemoval_verifiesAsErased_andFilesGoAtNextOpen() throws Exception {
        try (SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK));
             TransparentEvidenceLog log = TransparentEvidenceLog.open(dir.resolve("log"));
             ErasureEngine engine = ErasureEngine.open(dir.resolve("erasure.journal"), SecretBytes.random(32),
                     adapter, log, s -> false, (p, c, t) -> TestDecisions.permit(), CLOCK,
                     SealedSegmentStoreTest.RETENTION)) {
            adapter.skipCleanupForTest(); // the process dies right after the vault rewrite, as far as files go
            List<SegmentRef> two = List.of(adapter.find("cam-01", 0).orElseThrow(),
                    adapter.find("cam-01", 1).orElseThrow());
            ErasureEngine.Batch b = engine.erase(two, ErasureReason.SCHEDULED, "svc-retention");
            assertTrue(b.receipts().stream().allMatch(r -> r.erased()));
            assertEquals(List.of(2L), adapter.list().stream().map(SegmentRef::sequence).toList(),
                    "an erased segment is not live, whatever files remain");
            assertTrue(adapter.find("cam-01", 0).isEmpty());
            LogCheckpoints.write(log, SealedSegmentStoreTest.LOG_KEY, List.of(), CLOCK.instant());
        }
        assertEquals(List.of("000000000002"), vaultIds(), "the keys are gone: the segments are erased");
        assertTrue(Files.exists(store.resolve("cam-01/000000000000/media.enc")), "their files linger");
        assertTrue(Files.exists(store.resolve("cam-01/000000000001/manifest.json")));
        TrustStore trust = TrustStore.of(List.of(KEY.verifyingKey(), SealedSegmentStoreTest.RETENTION.verifyingKey()));
        VerificationReport r = new StoreVerifier(Optional.of(KEK)).verify(store, VerifyContext.of(trust)
                .withLog(AnchoredLog.read(dir.resolve("log"), List.of(SealedSegmentStoreTest.LOG_KEY.verifier()))));
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals(List.of(0L, 1L), r.findings(VerificationCode.SEGMENT_ERASED).stream()
                .map(f -> f.where().segment().getAsLong()).toList());
        VerificationReport without = new StoreVerifier(Optional.of(KEK)).verify(store, VerifyContext.of(trust));
        assertEquals(2, without.findings(VerificationCode.SEGMENT_MISSING).size(),
                "without the receipts the same gap is tampering: " + without.render(Locale.ENGLISH));
        // The writer's next open of the camera removes what the cleanup left.
        try (Recorder recorder = Recorder.open(store, RecorderOptions.encrypted(KEY, KEK));
             CameraRecorder cam = recorder.camera("cam-01")) {
            assertFalse(Files.exists(store.resolve("cam-01/000000000000")), "removed at the next open");
            assertFalse(Files.exists(store.resolve("cam-01/000000000001")));
            assertTrue(Files.exists(store.resolve("cam-01/000000000002/media.enc")), "the live segment stays");
            TestSegments.seal(cam, new byte[] {7, 7}, (T0.getEpochSecond() + 600L) * 1_000_000L);
        }
        VerificationReport after = new StoreVerifier(Optional.of(KEK)).verify(store, VerifyContext.of(trust)
                .withLog(AnchoredLog.read(dir.resolve("log"), List.of(SealedSegmentStoreTest.LOG_KEY.verifier()))));
        assertEquals(List.of(0L, 1L), after.findings(VerificationCode.SEGMENT_ERASED).stream()
                .map(f -> f.where().segment().getAsLong()).toList(), after.render(Locale.ENGLISH));
    }

    @Test
    @DisplayName("K3-2-3: an erased segment's cleanup leaves nothing of it once the store is closed; a copy of a live"
            + " segment in another folder is still a replay, not an erasure")
    void cleanup_removesEverything_andAReplayIsNotMistakenForAnErasure() throws Exception {
        try (SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK))) {
            assertTrue(adapter.erase(List.of(adapter.find("cam-01", 0).orElseThrow())).get(0).erased());
            adapter.awaitCleanup();
            assertFalse(Files.exists(store.resolve("cam-01/000000000000")));
        }
        // An insider copies segment 2's folder to sequence 7 (no key of that name): not an erasure's leftover.
        Path copy = Files.createDirectories(store.resolve("cam-01/000000000007"));
        try (var files = Files.list(store.resolve("cam-01/000000000002"))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        VerificationReport r = new StoreVerifier(Optional.of(KEK)).verify(store, VerifyContext.of(TrustStore.of(
                List.of(KEY.verifyingKey()))));
        assertFalse(r.findings(VerificationCode.SEGMENT_REPLAYED).isEmpty(), r.render(Locale.ENGLISH));
        try (SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK))) {
            // The writer opens the camera's vault again (removing erased leftovers): the copy is none.
            assertTrue(adapter.erase(List.of(adapter.find("cam-01", 1).orElseThrow())).get(0).erased());
        }
        assertTrue(Files.exists(copy.resolve("manifest.json")), "the writer does not remove it");
        assertFalse(Files.exists(store.resolve("cam-01/000000000001")));
    }

    @Test
    @DisplayName("K3-2-3: a segment holding another manifest than the intent names keeps its key and files")
    void swappedManifest_keepsItsKey() throws Exception {
        try (SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK))) {
            SegmentRef two = adapter.find("cam-01", 2).orElseThrow();
            SegmentRef wrong = new SegmentRef("cam-01", 2, two.start(), two.end(), two.sizeBytes(),
                    sealed.get(0).hashHex());
            assertFalse(adapter.erase(List.of(wrong)).get(0).erased());
            SegmentRef one = adapter.find("cam-01", 1).orElseThrow();
            assertTrue(adapter.erase(List.of(one)).get(0).erased());
            assertTrue(adapter.erase(List.of(one)).get(0).erased(), "a resumed erasure reports erased again");
        }
        assertEquals(List.of("000000000000", "000000000002"), vaultIds());
        assertTrue(Files.exists(store.resolve("cam-01/000000000002/media.enc")));
    }

    @Test
    @DisplayName("SECURITY G18: a camera folder swapped for a link out of the store is refused; nothing outside is erased")
    void linkedCameraFolder_isRefused_nothingOutsideErased() throws Exception {
        SegmentRef one;
        try (SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK))) {
            one = adapter.find("cam-01", 1).orElseThrow();
        }
        Path outside = dir.resolve("outside");
        Files.move(store.resolve("cam-01"), outside);
        Files.createSymbolicLink(store.resolve("cam-01"), outside);
        try (SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK))) {
            assertTrue(adapter.list().isEmpty(), "a linked camera folder is not listed");
            assertTrue(adapter.find("cam-01", 1).isEmpty());
            assertThrows(java.io.IOException.class, () -> adapter.erase(List.of(one)));
        }
        assertTrue(Files.exists(outside.resolve("000000000001/media.enc")), "nothing outside the store erased");
        assertEquals(List.of("000000000000", "000000000001", "000000000002"),
                KeyVault.openReadOnly(outside.resolve("keys.vault"), KEK).ids());
    }

    @Test
    @DisplayName("K3-2-3: an encrypted store cannot be erased without its KEK, nor a plain one with a KEK")
    void kekMismatch_isRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> SealedSegmentStore.open(store, Optional.empty()));
        Path plain = dir.resolve("plain");
        Recorder.open(plain, RecorderOptions.plain(KEY)).close();
        assertThrows(IllegalArgumentException.class, () -> SealedSegmentStore.open(plain, Optional.of(KEK)));
    }

    @Test
    @DisplayName("K3-2-4: erasing while the recorder of this process is open shares its vault; erasing stays usable")
    void eraseBesideAnOpenRecorder_sharesTheVault() throws Exception {
        try (Recorder recorder = Recorder.open(store, RecorderOptions.encrypted(KEY, KEK));
             CameraRecorder cam = recorder.camera("cam-01");
             SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK))) {
            assertTrue(adapter.erase(List.of(adapter.find("cam-01", 0).orElseThrow())).get(0).erased());
            TestSegments.seal(cam, new byte[] {9, 9}, (T0.getEpochSecond() + 600L) * 1_000_000L); // a new key
            assertTrue(adapter.erase(List.of(adapter.find("cam-01", 1).orElseThrow())).get(0).erased());
        }
        assertEquals(List.of("000000000002", "000000000003"), vaultIds());
    }

    @Test
    @DisplayName("K3-2-3, K3-2-4: between two retention runs another writer session adds keys (a recorder) and rewrites"
            + " the vault (another process's erasure): the next run reads the vault as it is now and destroys exactly its segment's key")
    void vaultChangedBetweenRuns_nextRunDestroysTheRightKey() throws Exception {
        try (SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK))) {
            assertTrue(adapter.erase(List.of(adapter.find("cam-01", 1).orElseThrow())).get(0).erased());
        }
        try (Recorder recorder = Recorder.open(store, RecorderOptions.encrypted(KEY, KEK));
             CameraRecorder cam = recorder.camera("cam-01")) {
            for (int seq = 3; seq < 5; seq++) {
                TestSegments.seal(cam, new byte[] {7, (byte) seq}, (T0.getEpochSecond() + seq * 60L) * 1_000_000L);
            }
        }
        assertEquals(List.of("000000000000", "000000000002", "000000000003", "000000000004"), vaultIds());
        // Another process's rewrite without segment 0's key (this process's vaults never saw it): its record (type,
        // id_len, 12-byte id, 60-byte wrapped key, 8-byte check) cut out, every other byte kept, as a rewrite does.
        Path vault = store.resolve("cam-01/keys.vault");
        byte[] b = Files.readAllBytes(vault);
        int at = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("000000000000") - 2;
        assertEquals(1, b[at], "a live record");
        byte[] cut = new byte[b.length - 82];
        System.arraycopy(b, 0, cut, 0, at);
        System.arraycopy(b, at + 82, cut, at, b.length - at - 82);
        Files.write(vault, cut);
        try (SealedSegmentStore adapter = SealedSegmentStore.open(store, Optional.of(KEK))) {
            assertTrue(adapter.erase(List.of(adapter.find("cam-01", 3).orElseThrow())).get(0).erased());
            assertTrue(adapter.find("cam-01", 4).isPresent(), "segment 4 keeps its key and files");
        }
        assertEquals(List.of("000000000002", "000000000004"), vaultIds());
        assertTrue(Files.exists(store.resolve("cam-01/000000000004/manifest.json")));
    }
}

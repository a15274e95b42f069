package jp.mimamori.integrity.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.manifest.ChainEvent;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.manifest.UnitLeaf;
import jp.mimamori.integrity.merkle.Merkle;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.internal.ChainState;
import jp.mimamori.integrity.testutil.FolderStore;
import jp.mimamori.integrity.store.internal.StoreLayout;
import jp.mimamori.integrity.testutil.Recordings;
import jp.mimamori.integrity.verify.RecordingVerifier;
import jp.mimamori.integrity.verify.VerifyContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** K3-2-4: the recorder-side chain: sealing, restart, crash, key rotation. */
class CameraChainTest {
    private static final RecordingVerifier VERIFIER = new RecordingVerifier();

    @Test
    @DisplayName("K3-2-4: the sealer's Merkle root is RFC 9162 over the unit leaves (index, capture time, hash)")
    void sealedRoot_isRfc9162OverUnitLeaves(@TempDir Path dir) throws Exception {
        CameraChain chain = CameraChain.open("cam-01", Recordings.key(), dir.resolve("chain.json"),
                ManifestSink.none(), java.util.Optional.empty());
        SegmentSealer s = chain.begin(SegmentManifest.KIND_CHUNK);
        List<byte[]> leaves = new ArrayList<>();
        Random r = new Random(1);
        for (int i = 0; i < 7; i++) {
            byte[] u = new byte[100 + i];
            r.nextBytes(u);
            long t = 1_000_000L * i;
            if (i % 2 == 0) {
                s.unit(u, 0, u.length, t);
            } else {
                s.unit(ByteBuffer.allocateDirect(u.length).put(u).flip(), Instant.ofEpochSecond(i));
            }
            leaves.add(Merkle.leafHash(UnitLeaf.of(i, t, java.security.MessageDigest.getInstance("SHA-256")
                    .digest(u))));
        }
        SignedManifest m = s.close();
        assertArrayEquals(Merkle.root(leaves), m.manifest().merkleRoot());
        assertEquals(0, m.manifest().sequence());
        assertTrue(m.manifest().prevManifestHash().isEmpty());
        assertEquals(7, m.manifest().unitCount());
        assertEquals(0, m.manifest().startUs());
        assertEquals(6_000_000, m.manifest().endUs());
        assertThrows(IllegalStateException.class, () -> s.unit(new byte[1], Instant.EPOCH));
    }

    @Test
    void emptySegment_isRefused(@TempDir Path dir) throws Exception {
        CameraChain chain = CameraChain.open("cam-01", Recordings.key(), dir.resolve("chain.json"),
                ManifestSink.none(), java.util.Optional.empty());
        SegmentSealer s = chain.begin(SegmentManifest.KIND_CHUNK);
        IllegalStateException e = assertThrows(IllegalStateException.class, s::close);
        assertEquals("segment 0: a segment needs at least one unit", e.getMessage());
        assertThrows(IllegalStateException.class, () -> chain.begin(SegmentManifest.KIND_CHUNK));
    }

    @Test
    @DisplayName("K3-2-4: a recorder restart continues the chain (sequence, previous hash) and is CHAIN_RESTARTED INFO")
    void restart_continuesChain(@TempDir Path dir) throws Exception {
        List<SignedManifest> first = Recordings.random(dir, 3, 2, 3);
        List<SignedManifest> second = Recordings.random(dir, 4, 2, 3); // a new process: reopens from chain.json
        assertEquals(2, second.get(0).manifest().sequence());
        assertEquals(Optional.of(HexFormat.of().formatHex(first.get(1).hash())), second.get(0).manifest().prevManifestHash());
        assertEquals(List.of(new ChainEvent.Restart(ChainEvent.RestartReason.RECORDER_RESTART, -1, -1)),
                second.get(0).manifest().events());
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(Recordings.trust()));
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals(1, r.findings(VerificationCode.CHAIN_RESTARTED).size());
        assertEquals("the recorder restarted before segment 2 and continued the chain",
                r.findings(VerificationCode.CHAIN_RESTARTED).get(0).message().en());
    }

    @Test
    @DisplayName("K3-2-4: a crash mid-segment is recorded in the next manifest and reported, not hidden")
    void crashMidSegment_isReported(@TempDir Path dir) throws Exception {
        Recordings.random(dir, 5, 2, 3);
        FolderStore store = FolderStore.at(dir);
        CameraChain chain = store.openChain(Recordings.CAMERA, Recordings.key());
        SegmentSealer open = chain.begin(SegmentManifest.KIND_CHUNK);
        open.unit(new byte[] {1, 2, 3}, Instant.EPOCH);
        // The process dies here: the segment is never sealed. Closing the chain stands for the process's end
        // (which releases its lock); a new process opens the chain.
        chain.close();
        CameraChain after = store.openChain(Recordings.CAMERA, Recordings.key());
        SignedManifest m = store.sealUnits(after, SegmentManifest.KIND_CHUNK, List.of(new byte[] {9}), new long[] {5});
        assertEquals(3, m.manifest().sequence());
        assertEquals(List.of(new ChainEvent.Restart(ChainEvent.RestartReason.CRASH, 2, -1)), m.manifest().events());
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(Recordings.trust()));
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals("the recorder stopped while segment 2 was open; that segment was never sealed and its units"
                + " (if kept) are unverifiable", r.findings(VerificationCode.CHAIN_RESTARTED).get(0).message().en());
        assertFalse(r.has(VerificationCode.SEGMENT_MISSING));
    }

    @Test
    @DisplayName("K3-2-4: a key rotation announced under the old key is KEY_CHANGED INFO when the trust store vouches for the new key")
    void keyRotation_isKeyChangedInfo(@TempDir Path dir) throws Exception {
        FolderStore store = FolderStore.at(dir);
        CameraChain chain = store.openChain("cam-01", Recordings.key());
        store.sealUnits(chain, SegmentManifest.KIND_CHUNK, List.of(new byte[] {1}), new long[] {1});
        chain.rotateKey(Recordings.otherKey());
        SignedManifest announcing = store.sealUnits(chain, SegmentManifest.KIND_CHUNK, List.of(new byte[] {2}),
                new long[] {2});
        assertEquals(Recordings.key().verifyingKey().keyId(), announcing.manifest().keyId());
        SignedManifest rotated = store.sealUnits(chain, SegmentManifest.KIND_CHUNK, List.of(new byte[] {3}),
                new long[] {3});
        assertEquals(Recordings.otherKey().verifyingKey().keyId(), rotated.manifest().keyId());
        // Both keys in the trust store: the rotation is KEY_CHANGED INFO, announced.
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(TrustStore.of(List.of(
                Recordings.key().verifyingKey(), Recordings.otherKey().verifyingKey()))));
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        assertEquals(1, r.findings(VerificationCode.KEY_CHANGED).size());
        assertTrue(r.findings(VerificationCode.KEY_CHANGED).get(0).message().en()
                .endsWith("(announced in the previous manifest)"));
        // The announcement alone vouches for nothing (issue 12): only the old key trusted, the new one is not.
        VerificationReport announcedOnly = VERIFIER.verify(dir, VerifyContext.of(Recordings.trust()));
        assertFalse(announcedOnly.isValid());
        assertEquals(1, announcedOnly.findings(VerificationCode.KEY_UNTRUSTED).size());
    }

    @Test
    void cameraReset_isChainRestartedInfo(@TempDir Path dir) throws Exception {
        FolderStore store = FolderStore.at(dir);
        CameraChain chain = store.openChain("cam-01", Recordings.key());
        chain.recordCameraReset();
        store.sealUnits(chain, SegmentManifest.KIND_CHUNK, List.of(new byte[] {1}), new long[] {1});
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(Recordings.trust()));
        assertTrue(r.isValid());
        assertEquals("the camera was reset or replaced before segment 0",
                r.findings(VerificationCode.CHAIN_RESTARTED).get(0).message().en());
    }

    @Test
    void lostStateFile_recoversFromNewestManifest(@TempDir Path dir) throws Exception {
        List<SignedManifest> first = Recordings.random(dir, 8, 3, 2);
        Files.delete(dir.resolve(Recordings.CAMERA).resolve(StoreLayout.CHAIN));
        List<SignedManifest> next = Recordings.random(dir, 9, 1, 2);
        assertEquals(3, next.get(0).manifest().sequence());
        assertEquals(Optional.of(HexFormat.of().formatHex(first.get(2).hash())), next.get(0).manifest().prevManifestHash());
        assertTrue(VERIFIER.verify(dir, VerifyContext.of(Recordings.trust())).isValid());
    }

    @Test
    void oneSealer_fedFromSeveralThreads_sealsEveryUnit(@TempDir Path dir) throws Exception {
        CameraChain chain = CameraChain.open("cam-01", Recordings.key(), dir.resolve("chain.json"),
                ManifestSink.none(), java.util.Optional.empty());
        SegmentSealer s = chain.begin(SegmentManifest.KIND_CHUNK);
        Thread[] ts = new Thread[4];
        for (int k = 0; k < ts.length; k++) {
            ts[k] = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    s.unit(new byte[64], 0, 64, i);
                }
            });
            ts[k].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(2000, s.close().manifest().unitCount());
    }

    @Test
    @DisplayName("K3-2-4: killing the recorder JVM mid-seal, several times, never breaks the chain and is reported")
    void killedRecorderJvm_chainSurvivesAndCrashIsReported(@TempDir Path dir) throws Exception {
        // What holds for any kill point: every acknowledged segment is stored and verifies; each restart is
        // reported once; a crash is reported once for each segment the kill interrupted (begun, never sealed),
        // and for no other. Whether a kill lands inside a segment depends on timing, so the expected crashes are
        // read from the store after each kill, never assumed.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Long> acknowledged = new ArrayList<>();
        List<Long> interrupted = new ArrayList<>();
        int rounds = 3;
        for (int round = 0; round < rounds; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    SealerChild.class.getName(), dir.toString(), Integer.toString(round))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int sealed = 0;
            int target = 2 + round;
            String line;
            while (sealed < target && (line = in.readLine()) != null) {
                if (line.startsWith("sealed ")) {
                    acknowledged.add(Long.parseLong(line.substring("sealed ".length())));
                    sealed++;
                }
            }
            Thread.sleep(3 + round * 7L); // vary where the kill lands; nothing below depends on where
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(target, sealed, "the child acknowledged " + sealed + " segments before the kill");
            ChainState st = ChainState.parse(Files.readAllBytes(dir.resolve(Recordings.CAMERA).resolve("chain.json")));
            SignedManifest newest = FolderStore.at(dir).newestSealed(Recordings.CAMERA).orElse(null);
            if (st.openSequence() >= 0 && (newest == null || newest.manifest().sequence() != st.openSequence())) {
                interrupted.add(st.openSequence());
            }
        }
        // The recorder comes back once more and seals a segment.
        FolderStore store = FolderStore.at(dir);
        CameraChain chain = store.openChain(Recordings.CAMERA, Recordings.fixedKey());
        store.sealUnits(chain, SegmentManifest.KIND_CHUNK, List.of(new byte[] {7}), new long[] {7});
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(TrustStore.of(List.of(
                Recordings.fixedKey().verifyingKey()))));
        assertTrue(r.isValid(), r.render(Locale.ENGLISH));
        for (long seq : acknowledged) {
            assertTrue(Files.exists(StoreLayout.segment(dir, Recordings.CAMERA, seq).resolve(StoreLayout.MANIFEST)),
                    "acknowledged segment " + seq + " is stored");
        }
        assertEquals(rounds, r.findings(VerificationCode.CHAIN_RESTARTED).size(), r.render(Locale.ENGLISH));
        List<String> crashReports = r.findings(VerificationCode.CHAIN_RESTARTED).stream()
                .map(f -> f.message().en()).filter(m -> m.startsWith("the recorder stopped while segment ")).toList();
        List<String> expected = interrupted.stream().map(seq -> "the recorder stopped while segment " + seq
                + " was open; that segment was never sealed and its units (if kept) are unverifiable").toList();
        assertEquals(expected, crashReports, r.render(Locale.ENGLISH));
    }

    @Test
    @DisplayName("K3-2-4: one writer per camera chain: a second open in this process fails until the first closes")
    void secondOpenInThisProcess_failsUntilTheFirstCloses(@TempDir Path dir) throws Exception {
        FolderStore store = FolderStore.at(dir);
        CameraChain first = store.openChain("cam-01", Recordings.key());
        IOException e = assertThrows(IOException.class, () -> store.openChain("cam-01", Recordings.key()));
        assertTrue(e.getMessage().contains("already open in this process"), e.getMessage());
        store.openChain("cam-02", Recordings.key()).close(); // another camera is another chain
        first.close();
        first.close(); // closing twice is harmless
        assertThrows(IllegalStateException.class, () -> first.begin(SegmentManifest.KIND_CHUNK));
        try (CameraChain again = store.openChain("cam-01", Recordings.key())) {
            store.sealUnits(again, SegmentManifest.KIND_CHUNK, List.of(new byte[] {1}), new long[] {1});
        }
    }

    @Test
    @DisplayName("K3-2-4: while a recorder process holds a camera chain, opening it from another process fails")
    void chainHeldByAnotherProcess_openFails(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SealerChild.class.getName(), dir.toString(), "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        FolderStore store = FolderStore.at(dir);
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("ready", in.readLine()); // printed once the child holds the chain
            IOException e = assertThrows(IOException.class, () -> store.openChain(Recordings.CAMERA,
                    Recordings.fixedKey()));
            assertTrue(e.getMessage().contains("open in another process"), e.getMessage());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        store.openChain(Recordings.CAMERA, Recordings.fixedKey()).close(); // the dead process's lock is gone
    }
}

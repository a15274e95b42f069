package jp.mimamori.integrity.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import jp.mimamori.core.evidence.ErasureReceipt;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.manifest.SignedManifest;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.store.internal.StoreLayout;
import jp.mimamori.integrity.testutil.Recordings;
import jp.mimamori.testing.Props;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 4 (K3-2-4): every single change to a sealed recording is detected and classified. */
class VerifierPropertiesTest {
    private static final RecordingVerifier VERIFIER = new RecordingVerifier();

    @TempDir
    Path tmp;

    @Test
    @Tag("slow")
    @DisplayName("invariant 4 / K3-2-4: each single mutation of a random sealed recording is reported with its code;"
            + " the unmutated recording is VALID")
    void everySingleMutation_isReportedWithItsCode() {
        AtomicInteger run = new AtomicInteger();
        Mutations[] kinds = Mutations.values();
        Props.theory(Math.max(kinds.length * 6, Props.examples() / 2))
                .forAll(longs().all(), integers().between(0, kinds.length - 1), integers().between(1, 4))
                .checkAssert((seed, kind, segments) -> {
                    try {
                        Path base = tmp.resolve("r" + run.incrementAndGet());
                        Path store = base.resolve("store");
                        Recordings.random(store, seed, segments, 5);
                        Path cam = store.resolve(Recordings.CAMERA);
                        VerificationReport clean = VERIFIER.verify(store, VerifyContext.of(Recordings.trust()));
                        assertTrue(clean.isValid(), clean.render(java.util.Locale.ENGLISH));
                        assertEquals(List.of(), clean.findings());
                        Path foreign = base.resolve("foreign");
                        Recordings.random(foreign, seed ^ 0x5DEECE66DL, 2, 3);
                        Mutations m = kinds[kind];
                        // Independent of the recording's own Random(seed), so an inserted unit is not a copy by chance.
                        String what = m.apply(cam, new Random(~seed * 0x9E3779B97F4A7C15L), foreign.resolve(Recordings.CAMERA),
                                Recordings.key());
                        if (what == null) {
                            return; // too small for this mutation (one segment or one unit)
                        }
                        VerificationReport r = VERIFIER.verify(store, VerifyContext.of(Recordings.trust()));
                        String text = what + "\n" + r.render(java.util.Locale.ENGLISH);
                        assertFalse(r.isValid(), text);
                        assertTrue(r.has(m.expected), "expected " + m.expected + " for " + text);
                        Recordings.deleteTree(base);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    @DisplayName("invariant 4 / K3-2-3: a segment erased with a matching receipt is SEGMENT_ERASED and VALID;"
            + " without one it is SEGMENT_MISSING")
    void erasedWithReceipt_isInfoNotTampering() {
        AtomicInteger run = new AtomicInteger();
        Props.theory(40).forAll(longs().all(), integers().between(1, 4), integers().between(0, 3))
                .checkAssert((seed, segments, which) -> {
                    try {
                        Path store = tmp.resolve("e" + run.incrementAndGet());
                        List<SignedManifest> ms = Recordings.random(store, seed, segments, 3);
                        int k = which % segments;
                        Recordings.deleteTree(StoreLayout.segment(store, Recordings.CAMERA, k));
                        ErasureReceipt receipt = Recordings.signedReceipt(Recordings.CAMERA, k, ms.get(k).hashHex());
                        VerificationReport withReceipt = VERIFIER.verify(store, VerifyContext.of(
                                Recordings.trustWithRetention()).withLog(Recordings.anchoredLog(ms, List.of(receipt))));
                        assertTrue(withReceipt.isValid(), withReceipt.render(java.util.Locale.ENGLISH));
                        assertEquals(1, withReceipt.findings(VerificationCode.SEGMENT_ERASED).size());
                        VerificationReport without = VERIFIER.verify(store, VerifyContext.of(Recordings.trust()));
                        assertTrue(without.has(VerificationCode.SEGMENT_MISSING));
                        // A receipt for another manifest does not excuse the gap, the newest segment included.
                        ErasureReceipt wrong = Recordings.signedReceipt(Recordings.CAMERA, k, "00".repeat(32));
                        VerificationReport r = VERIFIER.verify(store, VerifyContext.of(Recordings.trustWithRetention())
                                .withLog(Recordings.anchoredLog(ms, List.of(wrong))));
                        assertTrue(r.has(VerificationCode.SEGMENT_MISSING), r.render(java.util.Locale.ENGLISH));
                        Recordings.deleteTree(store);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void untrustedStore_isKeyUntrusted(@TempDir Path dir) throws Exception {
        Recordings.random(dir, 7, 2, 2);
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(
                jp.mimamori.integrity.keys.TrustStore.of(List.of(Recordings.otherKey().verifyingKey()))));
        assertEquals(2, r.findings(VerificationCode.KEY_UNTRUSTED).size());
        assertTrue(Files.exists(dir.resolve(Recordings.CAMERA).resolve(StoreLayout.CHAIN)));
    }
}

package jp.mimamori.integrity.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.keys.KeyRole;
import jp.mimamori.integrity.keys.KeyScope;
import jp.mimamori.integrity.keys.SignatureAlgorithm;
import jp.mimamori.integrity.keys.SigningKey;
import jp.mimamori.integrity.keys.TrustStore;
import jp.mimamori.integrity.log.AnchoredLog;
import jp.mimamori.integrity.manifest.SegmentManifest;
import jp.mimamori.integrity.report.VerificationReport;
import jp.mimamori.integrity.seal.CameraChain;
import jp.mimamori.integrity.seal.SegmentLog;
import jp.mimamori.integrity.testutil.FolderStore;
import jp.mimamori.testing.InMemoryEvidenceLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "Keys bound to cameras, roles and time" (K3-2-4): each attack is performed against a store and the
 * verifier must not call the result VALID.
 */
class KeyScopeAttackTest {
    private static final RecordingVerifier VERIFIER = new RecordingVerifier();
    private static final Instant DAY0 = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant RETIRED = DAY0.plus(10, ChronoUnit.DAYS);

    @TempDir
    Path dir;

    private static long us(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    private static SigningKey newKey() {
        return SigningKey.generate(SignatureAlgorithm.ED25519, new SecureRandom());
    }

    private static void seal(FolderStore store, CameraChain chain, Instant at) throws Exception {
        store.sealUnits(chain, SegmentManifest.KIND_CHUNK, List.of(new byte[] {1, 2, 3}), new long[] {us(at)});
    }

    private static Instant day(int d) {
        return DAY0.plus(d, ChronoUnit.DAYS);
    }

    @Test
    void stolenRetiredKeyAnnouncingAnAttackersKey_isNotValid_K3_2_4() throws Exception {
        SigningKey old = newKey();
        SigningKey successor = newKey();
        SigningKey attacker = newKey();
        FolderStore store = FolderStore.at(dir);
        try (CameraChain chain = store.openChain("K-1", old)) {
            seal(store, chain, day(1));
            seal(store, chain, day(5));
            // After retirement the thief, holding the old key, announces a key of their own and records with it.
            chain.rotateKey(attacker);
            seal(store, chain, day(11));
            seal(store, chain, day(12));
        }
        TrustStore trust = TrustStore.builder()
                .addKey(old.verifyingKey(), KeyScope.recorder(Set.of("K-1")).withRetiredAt(RETIRED))
                .addKey(successor.verifyingKey(), KeyScope.recorder(Set.of("K-1")).withNotBefore(RETIRED))
                .build();
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(trust));
        assertFalse(r.isValid(), r.render(Locale.ENGLISH));
        List<Finding> untrusted = r.findings(VerificationCode.KEY_UNTRUSTED);
        assertEquals(2, untrusted.size(), r.render(Locale.ENGLISH));
        assertTrue(untrusted.get(0).message().en().contains("was retired at 2026-04-11T00:00:00Z"),
                untrusted.get(0).message().en());
        assertTrue(untrusted.get(1).message().en().contains("is not in the trust store"),
                untrusted.get(1).message().en());
        // The segments sealed before retirement raise nothing.
        assertTrue(untrusted.stream().allMatch(f -> f.where().segment().orElseThrow() >= 2));
    }

    @Test
    void revokedKeySigningAfterRevocation_isKeyUntrusted_andItsEarlierHistoryStaysValid_K3_2_4() throws Exception {
        SigningKey k = newKey();
        FolderStore store = FolderStore.at(dir);
        try (CameraChain chain = store.openChain("K-1", k)) {
            seal(store, chain, day(1));
            seal(store, chain, day(9));
        }
        TrustStore revoked = TrustStore.builder()
                .addKey(k.verifyingKey(), KeyScope.recorder(Set.of("K-1")).withRevokedAt(RETIRED)).build();
        VerificationReport before = VERIFIER.verify(dir, VerifyContext.of(revoked));
        assertTrue(before.isValid(), "revoking a key must not invalidate what it signed before: "
                + before.render(Locale.ENGLISH));
        try (CameraChain chain = store.openChain("K-1", k)) {
            seal(store, chain, day(20));
        }
        VerificationReport after = VERIFIER.verify(dir, VerifyContext.of(revoked));
        assertFalse(after.isValid());
        List<Finding> f = after.findings(VerificationCode.KEY_UNTRUSTED);
        assertEquals(1, f.size(), after.render(Locale.ENGLISH));
        assertEquals(2L, f.get(0).where().segment().orElseThrow());
        assertTrue(f.get(0).message().en().contains("was revoked at 2026-04-11T00:00:00Z"), f.get(0).message().en());
    }

    @Test
    void backDatedSegmentAfterALaterOne_isJudgedAtTheLaterTime_K3_2_4() throws Exception {
        SigningKey k = newKey();
        FolderStore store = FolderStore.at(dir);
        try (CameraChain chain = store.openChain("K-1", k)) {
            seal(store, chain, day(1));
            seal(store, chain, day(15)); // recorded after revocation
            seal(store, chain, day(2)); // the thief dates the next one before revocation
        }
        TrustStore revoked = TrustStore.builder()
                .addKey(k.verifyingKey(), KeyScope.recorder(Set.of("K-1")).withRevokedAt(RETIRED)).build();
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(revoked));
        assertEquals(2, r.findings(VerificationCode.KEY_UNTRUSTED).size(), r.render(Locale.ENGLISH));
    }

    /** A clock the test moves: the time the recorders' log records carry. */
    private static final class LogClock extends java.time.Clock {
        Instant now = DAY0;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /**
     * K-1's key is revoked on day 10. Sealed and logged honestly: K-1 on days 1 and 2, K-2 (another recorder,
     * another key) on day 12. Then the thief, holding K-1's key, seals a segment of K-1 dated day 3.
     */
    private TrustStore backDatedAfterRevocation(InMemoryEvidenceLog log, LogClock clock, boolean thiefLogsIt)
            throws Exception {
        SigningKey k1 = newKey();
        SigningKey k2 = newKey();
        FolderStore store = FolderStore.at(dir);
        try (CameraChain own = store.openChain("K-1", k1, SegmentLog.to(log, clock));
             CameraChain other = store.openChain("K-2", k2, SegmentLog.to(log, clock))) {
            clock.now = day(1);
            seal(store, own, day(1));
            clock.now = day(2);
            seal(store, own, day(2));
            clock.now = day(12);
            seal(store, other, day(12));
        }
        // The thief's recorder claims day 3 in the manifest and in the log record it appends.
        clock.now = day(3);
        try (CameraChain own = store.openChain("K-1", k1, thiefLogsIt ? SegmentLog.to(log, clock) : SegmentLog.none())) {
            seal(store, own, day(3));
        }
        return TrustStore.builder()
                .addKey(k1.verifyingKey(), KeyScope.recorder(Set.of("K-1")).withRevokedAt(RETIRED))
                .addKey(k2.verifyingKey(), KeyScope.recorder(Set.of("K-2"))).build();
    }

    @Test
    void revokedKey_backDatedSegmentAnchoredAfterLaterRecords_isKeyUntrustedAtTheLogsTime_G12_K3_2_4()
            throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        TrustStore trust = backDatedAfterRevocation(log, new LogClock(), true);
        // Without the log the manifest's own claim (day 3) is all there is: the attack succeeds.
        assertTrue(VERIFIER.verify(dir, VerifyContext.of(trust)).isValid(), "the gap G12 closes");
        // The log's next checkpoint anchors the thief's record too: it comes after K-2's day-12 record.
        AnchoredLog anchored = AnchoredLog.of(log.records(), log.records().size());
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(trust).withLog(anchored));
        assertFalse(r.isValid(), r.render(Locale.ENGLISH));
        List<Finding> f = r.findings(VerificationCode.KEY_UNTRUSTED);
        assertEquals(1, f.size(), r.render(Locale.ENGLISH));
        assertEquals(2L, f.get(0).where().segment().orElseThrow(), "segments 0 and 1 stay valid");
        assertTrue(f.get(0).message().en().contains("was revoked at 2026-04-11T00:00:00Z"), f.get(0).message().en());
    }

    @Test
    void revokedKey_backDatedSegmentTheLogNeverRecorded_isJudgedAtTheLogsLatestTime_G12_K3_2_4() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        TrustStore trust = backDatedAfterRevocation(log, new LogClock(), false);
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(trust)
                .withLog(AnchoredLog.of(log.records(), log.records().size())));
        List<Finding> f = r.findings(VerificationCode.KEY_UNTRUSTED);
        assertEquals(1, f.size(), r.render(Locale.ENGLISH));
        assertEquals(2L, f.get(0).where().segment().orElseThrow());
    }

    @Test
    void establishedTime_isTheLatestTimeClaimedUpToTheRecord_onlyWhenAnchored_G12() throws Exception {
        InMemoryEvidenceLog log = new InMemoryEvidenceLog();
        backDatedAfterRevocation(log, new LogClock(), true);
        AnchoredLog a = AnchoredLog.of(log.records(), 3);
        assertEquals(java.util.Optional.of(day(2)), a.establishedTime(1));
        assertEquals(java.util.Optional.of(day(12)), a.establishedTime(2));
        assertEquals(java.util.Optional.empty(), a.establishedTime(3), "not anchored");
        assertEquals(java.util.Optional.of(day(12)), a.anchoredUntil());
        assertEquals(java.util.Optional.empty(), AnchoredLog.of(log.records(), 0).anchoredUntil());
    }

    @Test
    void recorderKeySigningForAnotherCamera_isKeyUntrustedNamingTheCamera_K3_2_4() throws Exception {
        SigningKey k1 = newKey();
        FolderStore store = FolderStore.at(dir);
        try (CameraChain own = store.openChain("K-1", k1); CameraChain other = store.openChain("K-2", k1)) {
            seal(store, own, day(1));
            seal(store, other, day(1));
        }
        TrustStore trust = TrustStore.builder().addKey(k1.verifyingKey(), KeyScope.recorder(Set.of("K-1"))).build();
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(trust));
        assertFalse(r.isValid());
        List<Finding> f = r.findings(VerificationCode.KEY_UNTRUSTED);
        assertEquals(1, f.size(), r.render(Locale.ENGLISH));
        assertTrue(f.get(0).message().en().contains("is a recorder key for camera K-1, not for camera K-2"),
                f.get(0).message().en());
        assertTrue(f.get(0).message().ja().contains("K-2"));
    }

    @Test
    void keyOfAnotherRole_cannotSignFootage() throws Exception {
        SigningKey logKey = newKey();
        FolderStore store = FolderStore.at(dir);
        try (CameraChain chain = store.openChain("K-1", logKey)) {
            seal(store, chain, day(1));
        }
        TrustStore trust = TrustStore.builder().addKey(logKey.verifyingKey(), KeyScope.of(KeyRole.LOG)).build();
        VerificationReport r = VERIFIER.verify(dir, VerifyContext.of(trust));
        assertTrue(r.findings(VerificationCode.KEY_UNTRUSTED).get(0).message().en()
                .contains("not for role RECORDER"));
    }
}

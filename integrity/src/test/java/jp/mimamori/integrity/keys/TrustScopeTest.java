package jp.mimamori.integrity.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keys bound to roles, cameras and time (issue 12, K3-2-4): a trust store answers whether a key may sign as a
 * role, for a camera, for what was recorded at an instant — never whether it is "trusted" in general.
 */
class TrustScopeTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant RETIRED = Instant.parse("2026-10-01T00:00:00Z");

    private static VerifyingKey key() {
        return SigningKey.generate(SignatureAlgorithm.ED25519, RNG).verifyingKey();
    }

    @Test
    void recorderKeyForAnotherCamera_isUntrustedNamingTheCamera_K3_2_4() {
        VerifyingKey k = key();
        TrustStore t = TrustStore.builder().addKey(k, KeyScope.recorder(Set.of("K-1", "K-2"))).build();
        assertTrue(t.decide(KeyRole.RECORDER, k, Optional.of("K-1"), T0).trusted());
        TrustDecision other = t.decide(KeyRole.RECORDER, k, Optional.of("K-9"), T0);
        assertFalse(other.trusted());
        assertTrue(other.reason().en().contains("recorder key for camera K-1, K-2, not for camera K-9"),
                other.reason().en());
        assertTrue(other.reason().ja().contains("K-9"));
    }

    @Test
    void keyOutsideItsRole_isUntrustedNamingTheRole() {
        VerifyingKey k = key();
        TrustStore t = TrustStore.builder().addKey(k, KeyScope.recorder(Set.of("K-1"))).build();
        TrustDecision d = t.decide(KeyRole.RETENTION, k, Optional.empty(), T0);
        assertFalse(d.trusted());
        assertTrue(d.reason().en().contains("trusted for role RECORDER, not for role RETENTION"), d.reason().en());
        assertEquals(List.of(), t.keys(KeyRole.RETENTION));
        assertEquals(List.of(k), t.keys(KeyRole.RECORDER));
    }

    @Test
    void retiredKey_verifiesWhatWasRecordedBeforeAndNothingAfter() {
        VerifyingKey k = key();
        TrustStore t = TrustStore.builder()
                .addKey(k, KeyScope.of(KeyRole.RECORDER).withNotBefore(T0).withRetiredAt(RETIRED)).build();
        assertTrue(t.decide(KeyRole.RECORDER, k, Optional.of("K-1"), RETIRED.minusSeconds(1)).trusted());
        TrustDecision after = t.decide(KeyRole.RECORDER, k, Optional.of("K-1"), RETIRED);
        assertFalse(after.trusted());
        assertTrue(after.reason().en().contains("was retired at 2026-10-01T00:00:00Z"), after.reason().en());
        TrustDecision before = t.decide(KeyRole.RECORDER, k, Optional.of("K-1"), T0.minusSeconds(1));
        assertFalse(before.trusted());
        assertTrue(before.reason().en().contains("is valid from 2026-04-01T00:00:00Z"), before.reason().en());
    }

    @Test
    void revokedKey_isReportedAsRevokedAtTheEarlierOfRetirementAndRevocation() {
        VerifyingKey k = key();
        KeyScope s = KeyScope.of(KeyRole.RECORDER).withRetiredAt(RETIRED).withRevokedAt(T0);
        assertEquals(Optional.of(T0), s.end());
        TrustDecision d = TrustStore.builder().addKey(k, s).build().decide(KeyRole.RECORDER, k, Optional.empty(), T0);
        assertFalse(d.trusted());
        assertTrue(d.reason().en().contains("was revoked at"), d.reason().en());
    }

    @Test
    void plainKeyFile_isUnrestricted() throws Exception {
        VerifyingKey k = key();
        TrustStore t = TrustStore.builder().addPem(k.toPem(), "public.pem").build();
        for (KeyRole r : KeyRole.values()) {
            assertTrue(t.decide(r, k, Optional.of("any-camera"), Instant.EPOCH).trusted(), r.name());
        }
        assertEquals(Optional.of(KeyScope.unrestricted()), t.scope(k.keyId()));
    }

    @Test
    void unknownKey_isUntrusted() {
        TrustDecision d = TrustStore.builder().build().decide(KeyRole.LOG, key(), Optional.empty(), T0);
        assertFalse(d.trusted());
        assertTrue(d.reason().en().contains("is not in the trust store"), d.reason().en());
    }

    @Test
    void leafPlusCaPair_trustsTheLeafsKeyAtTheRecordingTime_issue13() throws Exception {
        SigningKey ca = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
        VerifyingKey leaf = key();
        Instant from = T0;
        Instant to = T0.plus(Duration.ofDays(365));
        byte[] caDer = TrustStoreTest.cert("City CA", ca.verifyingKey(), "City CA", ca, true, null, from,
                to.plus(Duration.ofDays(3650)));
        byte[] leafDer = TrustStoreTest.cert("recorder K-1", leaf, "City CA", ca, false, null, from, to);
        TrustStore t = TrustStore.builder().addPem(pem(leafDer), "leaf.pem").addPem(pem(caDer), "ca.pem").build();
        // Recorded within the leaf's validity: trusted, even if verified years later.
        TrustDecision d = t.decide(KeyRole.RECORDER, leaf, Optional.of("K-1"), T0.plus(Duration.ofDays(10)));
        assertTrue(d.trusted(), d.reason().en());
        assertTrue(d.reason().en().contains("certified by CN=City CA"), d.reason().en());
        // Recorded after the leaf expired: untrusted, naming the certificate's validity.
        TrustDecision late = t.decide(KeyRole.RECORDER, leaf, Optional.of("K-1"), to.plusSeconds(1));
        assertFalse(late.trusted());
        assertTrue(late.reason().en().contains("not valid at"), late.reason().en());
        // The leaf alone, without its CA, vouches for nothing.
        TrustStore leafOnly = TrustStore.builder().addPem(pem(leafDer), "leaf.pem").build();
        assertFalse(leafOnly.decide(KeyRole.RECORDER, leaf, Optional.of("K-1"), T0.plusSeconds(1)).trusted());
    }

    @Test
    void caScope_limitsTheKeysItCertifies() throws Exception {
        SigningKey ca = SigningKey.generate(SignatureAlgorithm.ED25519, RNG);
        VerifyingKey leaf = key();
        Instant to = T0.plus(Duration.ofDays(365));
        byte[] caDer = TrustStoreTest.cert("Station CA", ca.verifyingKey(), "Station CA", ca, true, null, T0, to);
        byte[] leafDer = TrustStoreTest.cert("recorder", leaf, "Station CA", ca, false, null, T0, to);
        TrustStore t = TrustStore.builder().addCaCertificateDer(caDer, KeyScope.recorder(Set.of("K-1")))
                .addCertificateDer(leafDer).build();
        assertTrue(t.decide(KeyRole.RECORDER, leaf, Optional.of("K-1"), T0.plusSeconds(5)).trusted());
        TrustDecision d = t.decide(KeyRole.RECORDER, leaf, Optional.of("K-2"), T0.plusSeconds(5));
        assertFalse(d.trusted());
        assertTrue(d.reason().en().contains("not for camera K-2"), d.reason().en());
        // A chain given with the signature works the same way.
        TrustStore caOnly = TrustStore.builder().addCaCertificateDer(caDer, KeyScope.recorder(Set.of("K-1"))).build();
        assertTrue(caOnly.decide(KeyRole.RECORDER, leaf, List.of(leafDer), Optional.of("K-1"), T0.plusSeconds(5))
                .trusted());
    }

    @Test
    void sameKeyTwiceWithDifferentScopes_isRefused() {
        VerifyingKey k = key();
        TrustStore.Builder b = TrustStore.builder().addKey(k, KeyScope.of(KeyRole.LOG));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.addKey(k, KeyScope.of(KeyRole.RECORDER)));
        assertTrue(e.getMessage().contains("listed twice"));
    }

    @Test
    void scope_refusesNoRolesAndBlankCameras() {
        assertThrows(IllegalArgumentException.class, () -> KeyScope.recorder(Set.of()));
        assertThrows(IllegalArgumentException.class, () -> KeyScope.recorder(Set.of(" ")));
    }

    static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}

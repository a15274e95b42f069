package jp.mimamori.recorder.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.integrity.bundle.BundleManifest;
import jp.mimamori.integrity.verify.BundleVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disclosure workflow end to end and the bundle it writes, verified offline (K3-4, S3, invariant 7). */
class DisclosureExportTest {
    @TempDir
    static Path dir;
    static DisclosureFixture fx;
    static Path bundle;
    static DisclosureOutcome.Exported exported;

    @BeforeAll
    static void export() throws Exception {
        fx = new DisclosureFixture(dir.resolve("site"), 5);
        bundle = dir.resolve("exports").resolve("s-1.zip");
        // 09:00:03.3 to 09:00:06.5: segments 1 (from frame 32, widened back to the IDR frame 25), 2 and 3 (to frame 12)
        exported = assertInstanceOf(DisclosureOutcome.Exported.class, fx.export(DisclosureFixture.police("s-1",
                DisclosureFixture.T0.plusMillis(3_300), DisclosureFixture.T0.plusMillis(6_500)), bundle));
    }

    static String text(BundleVerifier.Result r) {
        return r.report().render(Locale.ENGLISH) + r.renderCoverage(Locale.ENGLISH);
    }

    @Test
    @DisplayName("K3-4/S3: a permitted police request gives a bundle that verifies VALID with the city's keys and states its coverage")
    void permitted_bundleVerifiesValid() throws Exception {
        BundleVerifier.Result r = DisclosureFixture.verify(bundle, DisclosureFixture.trust());
        assertTrue(r.report().isValid(), text(r));
        assertTrue(r.renderCoverage(Locale.ENGLISH).contains("this is all the footage the log"), text(r));
    }

    @Test
    @DisplayName("invariant 7: the clip starts at the keyframe before the requested start and says how far it was widened")
    void clip_startsAtKeyframe_widenedAndSaid() throws Exception {
        Map<String, byte[]> e = Repack.read(bundle);
        BundleManifest m = BundleManifest.parse(e.get("bundle.json"));
        assertEquals(3, m.segments().size());
        BundleManifest.Segment first = m.segments().get(0);
        assertEquals(1, first.sequence());
        assertEquals(25, first.firstUnit());
        assertEquals(7, first.widenedUnits());
        assertTrue(first.startsAtKeyframe());
        assertEquals(0, m.segments().get(1).firstUnit());
        assertEquals(49, m.segments().get(1).lastUnit());
        assertEquals(12, m.segments().get(2).lastUnit());
        // the middle segment is exactly the recorded bytes
        assertArrayEquals(TestTs.segment(50, 25, 2), e.get(first.media().replace("000000000001", "000000000002")));
    }

    @Test
    @DisplayName("invariant 7: a plain store's bytes copied file to file give the very bundle an encrypted store gives")
    void plainStore_givesTheSameBundleBytes() throws Exception {
        DisclosureFixture plain = new DisclosureFixture(dir.resolve("plain-site"), 5, false);
        Path copy = dir.resolve("plain.zip");
        plain.export(DisclosureFixture.police("s-1", DisclosureFixture.T0.plusMillis(3_300),
                DisclosureFixture.T0.plusMillis(6_500)), copy);
        assertArrayEquals(Files.readAllBytes(bundle), Files.readAllBytes(copy));
    }

    @Test
    @DisplayName("S3: one byte of a unit changed (CRC left stale) is UNIT_MODIFIED naming the segment and unit")
    void alteredUnit_isUnitModified() throws Exception {
        Path copy = Repack.change(bundle, dir.resolve("altered.zip"), e -> {
            byte[] media = e.get("media/es-gate/000000000002.ts");
            media[188 * 40 + 100] ^= 1;
            return e;
        });
        BundleVerifier.Result r = DisclosureFixture.verify(copy, DisclosureFixture.trust());
        assertFalse(r.report().isValid(), text(r));
        assertTrue(r.report().findings(VerificationCode.UNIT_MODIFIED).stream()
                .anyMatch(f -> f.where().segment().orElse(-1) == 2), text(r));
    }

    @Test
    @DisplayName("invariant 4: a segment withheld from the middle of the range is SEGMENT_MISSING, and the bundle is not the logged disclosure")
    void withheldSegment_isMissing() throws Exception {
        Path copy = Repack.change(bundle, dir.resolve("withheld.zip"), e -> {
            e.keySet().removeIf(n -> n.contains("es-gate/000000000002"));
            return e;
        });
        BundleVerifier.Result r = DisclosureFixture.verify(copy, DisclosureFixture.trust());
        assertFalse(r.report().isValid(), text(r));
        assertTrue(r.report().findings(VerificationCode.SEGMENT_MISSING).stream()
                .anyMatch(f -> f.where().segment().orElse(-1) == 2), text(r));
    }

    @Test
    @DisplayName("S3: a bundle re-bound to another recipient, even re-signed with the city's key, is DISCLOSURE_MISMATCH")
    void otherRecipient_isDisclosureMismatch() throws Exception {
        Path copy = Repack.change(bundle, dir.resolve("other.zip"), e -> {
            try {
                BundleManifest m = BundleManifest.parse(e.get("bundle.json"));
                BundleManifest other = new BundleManifest(m.disclosureId(), m.disclosure(),
                        new BundleManifest.Recipient("某新聞社 (a newspaper)", m.recipient().identityCheck(),
                                m.recipient().identityReference()), m.purpose(), m.requestId(), m.requestReference(),
                        m.export(), m.range(), m.segments(), m.completeness(), m.log(), m.certificates());
                Repack.resign(e, other, DisclosureFixture.LOG);
                return e;
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        });
        BundleVerifier.Result r = DisclosureFixture.verify(copy, DisclosureFixture.trust());
        assertFalse(r.report().isValid(), text(r));
        assertTrue(r.report().has(VerificationCode.DISCLOSURE_MISMATCH), text(r));
    }

    @Test
    @DisplayName("K3-4: the disclosure and its decision are in the log; the bundle file is exactly what the export record names")
    void logged() throws Exception {
        assertTrue(exported.disclosureLogIndex() > exported.decisionLogIndex());
        assertTrue(Files.size(bundle) > 0);
        assertEquals(64, exported.bundleHash().length());
    }
}

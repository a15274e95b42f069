package jp.mimamori.recorder.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.evidence.EvidenceTypes;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.internal.json.CanonicalJson;
import jp.mimamori.integrity.bundle.BundleManifest;
import jp.mimamori.integrity.log.DisclosureRegister;
import jp.mimamori.integrity.log.TransparentEvidenceLog;
import jp.mimamori.integrity.verify.BundleVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A police request naming two cameras (K3-4, S3): one decision, one disclosure record, one bundle holding both
 * cameras' ranges, each verified for binding and completeness on its own.
 */
class SeveralCamerasExportTest {
    static final String GATE = DisclosureFixture.CAMERA;
    static final String ENTRANCE = DisclosureFixture.CAMERA_2;
    static final Instant FROM = DisclosureFixture.T0.plusMillis(3_300);
    static final Instant TO = DisclosureFixture.T0.plusMillis(6_500);

    @TempDir
    static Path dir;
    static DisclosureFixture fx;
    static Path bundle;
    static DisclosureOutcome.Exported exported;

    @BeforeAll
    static void export() throws Exception {
        fx = new DisclosureFixture(dir.resolve("site"), 5, List.of(GATE, ENTRANCE));
        bundle = dir.resolve("exports").resolve("s-2.zip");
        exported = assertInstanceOf(DisclosureOutcome.Exported.class,
                fx.export(DisclosureFixture.police("s-2", FROM, TO, List.of(GATE, ENTRANCE)), bundle));
    }

    static String text(BundleVerifier.Result r) {
        return r.report().render(Locale.ENGLISH) + r.renderCoverage(Locale.ENGLISH);
    }

    static EvidenceRecord record(long index) throws IOException {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(fx.logDir)) {
            return log.record(index);
        }
    }

    @Test
    @DisplayName("K3-4/S3: a two-camera request permitted gives one bundle verifying VALID, with each camera's coverage")
    void twoCameras_oneBundle_validWithBothCoverages() throws Exception {
        BundleVerifier.Result r = DisclosureFixture.verify(bundle, DisclosureFixture.trust());
        assertTrue(r.report().isValid(), text(r));
        List<String> lines = List.of(r.renderCoverage(Locale.ENGLISH).split("\n"));
        for (String cam : List.of(GATE, ENTRANCE)) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(cam + " " + FROM + " – " + TO
                    + ": this is all the footage the log")), text(r));
        }
        Map<String, byte[]> e = Repack.read(bundle);
        BundleManifest m = BundleManifest.parse(e.get("bundle.json"));
        assertEquals(List.of(GATE, ENTRANCE), m.ranges().stream().map(BundleManifest.Range::camera).toList());
        assertEquals(List.of(GATE, ENTRANCE), m.export().cameras().stream().map(BundleManifest.SourceCamera::camera)
                .toList());
        assertEquals(List.of(GATE, GATE, GATE, ENTRANCE, ENTRANCE, ENTRANCE),
                m.segments().stream().map(BundleManifest.Segment::camera).toList());
        assertTrue(e.containsKey("media/es-entrance/000000000002.ts"));
        assertTrue(e.containsKey("manifests/es-entrance/000000000001/units.json"));
        assertEquals(2 * (25 + 50 + 13), exported.units()); // per camera: units 25–49 of 1, 2 whole, 0–12 of 3
    }

    @Test
    @DisplayName("K3-4: the decision, disclosure and export records name both cameras; the register lists them")
    void records_nameBothCameras() throws Exception {
        EvidenceRecord decision = record(exported.decisionLogIndex());
        assertEquals(List.of(GATE, ENTRANCE), decision.body().get("cameras"));
        EvidenceRecord disclosure = record(exported.disclosureLogIndex());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ranges = (List<Map<String, Object>>) ((Map<String, Object>) disclosure.body()
                .get("content")).get("ranges");
        assertEquals(List.of(GATE, ENTRANCE), ranges.stream().map(x -> x.get("camera")).toList());
        assertEquals(3, ((List<?>) ranges.get(1).get("segments")).size());
        EvidenceRecord export = record(exported.disclosureLogIndex() + 1);
        assertEquals(EvidenceTypes.EXPORT, export.type());
        assertEquals(List.of(GATE, ENTRANCE), export.body().get("cameras"));
        String register;
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(fx.logDir)) {
            register = DisclosureRegister.from(log).render(Locale.ENGLISH);
        }
        assertTrue(register.contains("\"camera\":\"es-gate\"") && register.contains("\"camera\":\"es-entrance\""),
                register);
    }

    @Test
    @DisplayName("S3: a segment of the second camera withheld is SEGMENT_MISSING of that camera")
    void withheldSegmentOfSecondCamera_isSegmentMissing() throws Exception {
        Path copy = Repack.change(bundle, dir.resolve("withheld.zip"), e -> {
            e.keySet().removeIf(n -> n.contains("es-entrance/000000000002"));
            return e;
        });
        BundleVerifier.Result r = DisclosureFixture.verify(copy, DisclosureFixture.trust());
        assertFalse(r.report().isValid(), text(r));
        assertTrue(r.report().findings(VerificationCode.SEGMENT_MISSING).stream().anyMatch(f ->
                f.where().segment().orElse(-1) == 2 && f.where().entry().orElse("").contains(ENTRANCE)), text(r));
        assertTrue(r.renderCoverage(Locale.ENGLISH).contains(GATE + " " + FROM + " – " + TO
                + ": this is all the footage"), text(r));
        assertTrue(r.renderCoverage(Locale.ENGLISH).contains(ENTRANCE + " " + FROM + " – " + TO + ": incomplete"),
                text(r));
    }

    @Test
    @DisplayName("S3: one byte of a unit of the second camera changed is UNIT_MODIFIED naming that camera's segment")
    void alteredUnitOfSecondCamera_isUnitModified() throws Exception {
        Path copy = Repack.change(bundle, dir.resolve("altered.zip"), e -> {
            e.get("media/es-entrance/000000000002.ts")[188 * 40 + 100] ^= 1;
            return e;
        });
        BundleVerifier.Result r = DisclosureFixture.verify(copy, DisclosureFixture.trust());
        assertFalse(r.report().isValid(), text(r));
        assertTrue(r.report().findings(VerificationCode.UNIT_MODIFIED).stream().anyMatch(f ->
                f.where().segment().orElse(-1) == 2 && f.where().entry().orElse("").contains(ENTRANCE)), text(r));
    }

    /** bundle.json with {@code ranges} replaced, re-signed with the city's key (an insider re-binding the bundle). */
    static Path rebound(String name, List<Object> ranges) throws Exception {
        return Repack.change(bundle, dir.resolve(name), e -> {
            try {
                Map<String, Object> m = new java.util.LinkedHashMap<>(CanonicalJson.parseObject(e.get("bundle.json")));
                m.put("ranges", ranges);
                Repack.resign(e, CanonicalJson.encode(m), DisclosureFixture.LOG);
                return e;
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        });
    }

    static Map<String, Object> range(String camera, Instant from, Instant to) {
        return Map.of("camera", camera, "from", from.toString(), "to", to.toString());
    }

    @Test
    @DisplayName("S3: ranges edited and re-signed (a camera dropped, or a time widened) is DISCLOSURE_MISMATCH")
    void rangesEdited_isDisclosureMismatch() throws Exception {
        for (List<Object> ranges : List.<List<Object>>of(List.of(range(GATE, FROM, TO)),
                List.of(range(GATE, FROM, TO), range(ENTRANCE, FROM.minusSeconds(2), TO)),
                List.of(range(ENTRANCE, FROM, TO), range(GATE, FROM, TO)))) {
            BundleVerifier.Result r = DisclosureFixture.verify(rebound("rebound.zip", ranges),
                    DisclosureFixture.trust());
            assertFalse(r.report().isValid(), text(r));
            assertTrue(r.report().has(VerificationCode.DISCLOSURE_MISMATCH), text(r));
        }
    }

    @Test
    @DisplayName("S3: a camera named twice in ranges is BUNDLE_MALFORMED")
    void duplicateCameraInRanges_isMalformed() throws Exception {
        BundleVerifier.Result r = DisclosureFixture.verify(rebound("twice.zip", List.of(range(GATE, FROM, TO),
                range(GATE, FROM, TO))), DisclosureFixture.trust());
        assertFalse(r.report().isValid(), text(r));
        assertTrue(r.report().has(VerificationCode.BUNDLE_MALFORMED), text(r));
    }

    @Test
    @DisplayName("K3-4: a request naming an unknown camera is denied naming it, and nothing is disclosed")
    void unknownCamera_deniedNamingIt_noBundle() throws Exception {
        Path out = dir.resolve("exports").resolve("s-3.zip");
        DisclosureOutcome.Denied d = assertInstanceOf(DisclosureOutcome.Denied.class,
                fx.export(DisclosureFixture.police("s-3", FROM, TO, List.of(GATE, "K-9")), out));
        assertEquals("camera \"K-9\" is not in the rules", d.decision().reason().en());
        assertEquals("カメラ\"K-9\"は規約にありません", d.decision().reason().ja());
        assertFalse(Files.exists(out));
        assertEquals(d.decisionLogIndex() + 1, logSize());
    }

    @Test
    @DisplayName("K3-4: a camera with no footage in the range refuses the export, naming it, before any disclosure record")
    void cameraWithoutFootage_refusedNamingIt() throws Exception {
        DisclosureFixture one = new DisclosureFixture(dir.resolve("one-camera-site"), 5);
        Path out = dir.resolve("exports").resolve("s-4.zip");
        IOException e = assertThrows(IOException.class,
                () -> one.export(DisclosureFixture.police("s-4", FROM, TO, List.of(GATE, ENTRANCE)), out));
        assertTrue(e.getMessage().contains("camera " + ENTRANCE), e.getMessage());
        assertFalse(Files.exists(out));
        List<String> types = new ArrayList<>();
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(one.logDir)) {
            for (long i = 0; i < log.size(); i++) {
                types.add(log.record(i).type());
            }
        }
        assertEquals(EvidenceTypes.DISCLOSURE_DECISION, types.get(types.size() - 1));
        assertFalse(types.contains(EvidenceTypes.DISCLOSURE));
    }

    static long logSize() throws IOException {
        try (TransparentEvidenceLog log = TransparentEvidenceLog.open(fx.logDir)) {
            return log.size();
        }
    }
}

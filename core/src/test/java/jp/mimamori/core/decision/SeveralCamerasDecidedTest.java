package jp.mimamori.core.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.evidence.EvidenceRecord;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.RulesReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A disclosure request naming several cameras (K3-4, S8): read, decided as one, and recorded naming them all. */
class SeveralCamerasDecidedTest {
    static final Instant FROM = Instant.parse("2026-03-30T15:00:00Z");
    static final Instant TO = Instant.parse("2026-03-30T16:00:00Z");

    static DisclosureRequest police(Purpose purpose, List<String> cameras) {
        return new DisclosureRequest("req-m", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署 (Saku Police Station)",
                BasisKind.WRITTEN_REQUEST, Optional.of("佐署刑第123号"), Optional.empty(), RequestedPurpose.of(purpose),
                cameras, FROM, TO, SeedScenariosTest.APRIL);
    }

    static String fact(Decision d, String name) {
        return d.facts().stream().filter(f -> f.name().equals(name)).map(Fact::value).findFirst().orElse(null);
    }

    @Test
    @DisplayName("K3-4, S8: two cameras whose purposes both fit are permitted as one request, the reason naming both")
    void twoFittingCameras_K3_4_permitted() {
        Decision d = SeedScenariosTest.KUMAGAYA.decide(police(Purpose.CRIMINAL_INVESTIGATION,
                List.of("ch-entrance", "ch-lobby")));
        assertTrue(d.permitted());
        assertEquals("ch-entrance,ch-lobby", fact(d, "cameras"));
        assertTrue(d.reason().en().endsWith("fits the declared purposes of 正面玄関 (main entrance) (ch-entrance), 1階ロビー"
                + " (ground-floor lobby) (ch-lobby)"), d.reason().en());
        assertTrue(d.reason().ja().contains("正面玄関 (main entrance) (ch-entrance)、1階ロビー"), d.reason().ja());
    }

    @Test
    @DisplayName("K3-4: one camera unknown denies the whole request, naming that camera in both languages")
    void oneUnknownCamera_K3_4_deniedNamingIt() {
        Decision d = SeedScenariosTest.SAKU.decide(police(Purpose.CRIMINAL_INVESTIGATION, List.of("es-gate", "K-9")));
        assertFalse(d.permitted());
        assertEquals("camera \"K-9\" is not in the rules", d.reason().en());
        assertEquals("カメラ\"K-9\"は規約にありません", d.reason().ja());
        assertEquals("K-9", fact(d, "camera"));
    }

    @Test
    @DisplayName("S8: a purpose that fits one camera but not the other denies, naming the camera it does not fit")
    void purposeNotFittingSecondCamera_S8_deniedNamingIt() throws Exception {
        String json = new String(Samples.bytes(Samples.SAKU_SCHOOL), StandardCharsets.UTF_8);
        int at = json.indexOf("\"purposes\"", json.indexOf("\"id\": \"es-entrance\""));
        json = json.substring(0, at) + json.substring(at).replaceFirst("\\[\"CRIME_PREVENTION\"\\]",
                "[\"CHILD_SAFETY\"]");
        var rules = RulesReader.parse(json.getBytes(StandardCharsets.UTF_8));
        DecisionEngine engine = DecisionEngine.create(rules,
                ProfileRegistry.builtIn().find(rules.profileId(), rules.profileVersion()).orElseThrow());
        assertTrue(engine.decide(police(Purpose.CRIMINAL_INVESTIGATION, List.of("es-gate"))).permitted());
        Decision d = engine.decide(police(Purpose.CRIMINAL_INVESTIGATION, List.of("es-gate", "es-entrance")));
        assertFalse(d.permitted());
        assertEquals("es-entrance", fact(d, "camera"));
        assertEquals("a written request is necessary but not sufficient: the request's purpose (criminal"
                + " investigation) does not fit the declared purposes of 児童昇降口 (pupils' entrance) (es-entrance)"
                + " (child safety)", d.reason().en());
        assertTrue(d.reason().ja().contains("(es-entrance)"), d.reason().ja());
    }

    @Test
    @DisplayName("K3-4, K3-2-2: footage beyond one camera's retention denies, naming that camera")
    void beyondOneCamerasRetention_K3_2_2_deniedNamingIt() {
        var r = new DisclosureRequest("req-r", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署", BasisKind.WRITTEN_REQUEST,
                Optional.of("佐署刑第1号"), Optional.empty(), RequestedPurpose.of(Purpose.CRIMINAL_INVESTIGATION),
                List.of("ch-parking", "ch-lobby"), Instant.parse("2026-03-10T10:00:00Z"),
                Instant.parse("2026-03-10T11:00:00Z"), SeedScenariosTest.APRIL);
        Decision d = SeedScenariosTest.KUMAGAYA.decide(r);
        assertFalse(d.permitted());
        assertEquals("ch-lobby", fact(d, "camera"));
        assertEquals("footage from 2026-03-10 is beyond the 14-day retention of 1階ロビー (ground-floor lobby)"
                + " (ch-lobby) and would already be erased", d.reason().en());
    }

    @Test
    @DisplayName("K3-4: the decision record of several cameras names them all in cameras, without camera")
    void evidenceOfSeveralCameras_K3_4_namesAll() {
        DisclosureRequest r = police(Purpose.CRIMINAL_INVESTIGATION, List.of("ch-entrance", "ch-lobby"));
        EvidenceRecord rec = DecisionEvidence.of(r, SeedScenariosTest.KUMAGAYA.decide(r));
        assertEquals(List.of("ch-entrance", "ch-lobby"), rec.body().get("cameras"));
        assertFalse(rec.body().containsKey("camera"));
        EvidenceRecord single = DecisionEvidence.of(SeedScenariosTest.police(Purpose.CRIMINAL_INVESTIGATION,
                BasisKind.WRITTEN_REQUEST, "es-gate"), SeedScenariosTest.SAKU.decide(SeedScenariosTest.police(
                Purpose.CRIMINAL_INVESTIGATION, BasisKind.WRITTEN_REQUEST, "es-gate")));
        assertEquals("es-gate", single.body().get("camera"));
        assertFalse(single.body().containsKey("cameras"));
        assertEquals(Map.of("camera", "es-gate"), Map.of("camera", ((Map<?, ?>) single.body().get("facts"))
                .get("camera")));
    }

    @Test
    @DisplayName("K3-4: requireKnown names the index of the unknown one of several cameras")
    void requireKnown_namesIndex() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedScenariosTest.SAKU
                .requireKnown(police(Purpose.CRIMINAL_INVESTIGATION, List.of("es-gate", "K-9"))));
        assertEquals("request.cameras[1]: \"K-9\" is not a camera of saku-minami-elementary@2026-04-01",
                e.getMessage());
    }

    @Test
    @DisplayName("K3-4: the constructor refuses no camera, a repeated camera and more than 16")
    void badCameraLists_refused() {
        assertThrows(IllegalArgumentException.class, () -> police(Purpose.CRIMINAL_INVESTIGATION, List.of()));
        assertEquals("cameras: names a camera twice", assertThrows(IllegalArgumentException.class,
                () -> police(Purpose.CRIMINAL_INVESTIGATION, List.of("a", "a"))).getMessage());
        List<String> seventeen = java.util.stream.IntStream.range(0, 17).mapToObj(i -> "c" + i).toList();
        assertThrows(IllegalArgumentException.class, () -> police(Purpose.CRIMINAL_INVESTIGATION, seventeen));
    }

    static byte[] json(String cameras) {
        return ("{\"type\":\"disclosure\",\"id\":\"r1\",\"requester_kind\":\"INVESTIGATIVE_AGENCY\","
                + "\"requester\":\"police\",\"basis\":\"WRITTEN_REQUEST\",\"reference\":\"No. 9\",\"purpose\":"
                + "\"CRIMINAL_INVESTIGATION\"" + cameras + ",\"from\":\"2026-04-01T10:00:00Z\",\"to\":"
                + "\"2026-04-01T11:00:00Z\",\"at\":\"2026-04-02T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    static List<String> problems(String cameras) {
        return assertThrows(InvalidDocumentException.class, () -> RequestReader.parse(json(cameras))).problems()
                .stream().map(Object::toString).toList();
    }

    @Test
    @DisplayName("K3-4: \"cameras\" reads the list in order; \"camera\" reads one")
    void camerasField_reads() throws Exception {
        DisclosureRequest d = (DisclosureRequest) RequestReader.parse(json(",\"cameras\":[\"K-2\",\"K-1\"]"));
        assertEquals(List.of("K-2", "K-1"), d.cameras());
        assertEquals(List.of("K-1"), ((DisclosureRequest) RequestReader.parse(json(",\"camera\":\"K-1\""))).cameras());
    }

    @Test
    @DisplayName("K3-4: both camera and cameras, neither, none listed, or a repeated camera are problems naming the field")
    void badCameraFields_nameTheField() {
        assertEquals(List.of("cameras: give either \"camera\" or \"cameras\", not both (K3-4)"),
                problems(",\"camera\":\"K-1\",\"cameras\":[\"K-2\"]"));
        assertEquals(List.of("camera: required field is missing (\"camera\" or \"cameras\") (K3-4)"), problems(""));
        assertEquals(List.of("cameras: must name 1 to 16 cameras (K3-4)"), problems(",\"cameras\":[]"));
        assertEquals(List.of("cameras[2]: duplicate entry (K4-1)"), problems(",\"cameras\":[\"K-1\",\"K-2\",\"K-1\"]"));
    }
}

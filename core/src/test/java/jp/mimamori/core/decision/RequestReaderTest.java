package jp.mimamori.core.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Requests are read strictly, every problem at once. */
class RequestReaderTest {

    @Test
    void accessRequest_reads() throws Exception {
        Request r = RequestReader.parse(("{\"type\":\"access\",\"principal\":\"op-tanaka\",\"action\":\"VIEW_LIVE\","
                + "\"camera\":\"ch-lobby\",\"purpose\":\"CRIME_PREVENTION\",\"at\":\"2026-04-01T10:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(new AccessRequest("op-tanaka", Action.VIEW_LIVE, "ch-lobby", Purpose.CRIME_PREVENTION,
                Instant.parse("2026-04-01T10:00:00Z")), r);
    }

    @Test
    void disclosureRequest_reads() throws Exception {
        Request r = RequestReader.parse(("{\"type\":\"disclosure\",\"id\":\"r1\",\"requester_kind\":\"COURT\","
                + "\"requester\":\"court\",\"basis\":\"STATUTE\",\"reference\":\"order 1\",\"purpose\":"
                + "\"LEGAL_OBLIGATION\",\"camera\":\"c\",\"from\":\"2026-04-01T10:00:00Z\",\"to\":"
                + "\"2026-04-01T11:00:00Z\",\"at\":\"2026-04-02T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of("order 1"), ((DisclosureRequest) r).reference());
    }

    @Test
    void badRequest_listsEveryProblem() {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> RequestReader.parse(
                "{\"type\":\"access\",\"action\":\"PEEK\",\"camera\":\"c\",\"purpose\":\"CRIME_PREVENTION\",\"at\":\"now\",\"x\":1}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("principal: required field is missing (K4-1)",
                        "action: \"PEEK\" is not one of VIEW_LIVE, VIEW_RECORDED, OPERATE, EXPORT, REMOTE_VIEW, ERASE (K4-1)",
                        "at: must be an instant such as 2026-04-01T09:00:00Z (K4-1)", "x: unknown field (K4-1)"),
                e.problems().stream().map(Object::toString).toList());
    }

    @Test
    @DisplayName("K2-1, K3-2-1, K3-4: purpose text as written, the export's medium and protection, the statute")
    void openPurposeExportAndStatute_read() throws Exception {
        AccessRequest a = (AccessRequest) RequestReader.parse(("{\"type\":\"access\",\"principal\":\"op-tanaka\","
                + "\"action\":\"EXPORT\",\"camera\":\"ch-lobby\",\"purpose\":\"marketing analysis\","
                + "\"at\":\"2026-04-01T10:00:00Z\",\"export\":{\"medium\":\"USB\",\"protection\":\"UNPROTECTED\"}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("marketing analysis", a.purpose().code());
        assertEquals(Optional.of(new ExportMethod("USB", ExportProtection.UNPROTECTED)), a.export());
        DisclosureRequest d = (DisclosureRequest) RequestReader.parse(("{\"type\":\"disclosure\",\"id\":\"r1\","
                + "\"requester_kind\":\"INVESTIGATIVE_AGENCY\",\"requester\":\"police\",\"basis\":\"STATUTE\","
                + "\"reference\":\"No. 9\",\"statute\":\"刑事訴訟法第197条第2項\",\"purpose\":"
                + "\"ACCIDENT_INVESTIGATION\",\"camera\":\"c\",\"from\":\"2026-04-01T10:00:00Z\",\"to\":"
                + "\"2026-04-01T11:00:00Z\",\"at\":\"2026-04-02T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of("刑事訴訟法第197条第2項"), d.statute());
        assertEquals(Optional.of(Purpose.ACCIDENT_INVESTIGATION), d.purpose().builtIn());
    }

    @Test
    @DisplayName("K2-1, K3-2-1: a purpose with control characters and an export without protection name their fields")
    void badPurposeAndExport_namePaths() {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> RequestReader.parse(
                ("{\"type\":\"access\",\"principal\":\"p\",\"action\":\"EXPORT\",\"camera\":\"c\","
                        + "\"purpose\":\"a\\u0007b\",\"at\":\"2026-04-01T10:00:00Z\",\"export\":{\"medium\":\"USB\"}}")
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("purpose: must be 1 to 200 characters without control characters (K2-1)",
                        "export.protection: required field is missing (K4-1)"),
                e.problems().stream().map(Object::toString).toList());
    }
}

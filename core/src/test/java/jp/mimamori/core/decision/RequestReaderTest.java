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
                        "action: \"PEEK\" is not one of VIEW_LIVE, VIEW_RECORDED, OPERATE, EXPORT, REMOTE_VIEW (K4-1)",
                        "at: must be an instant such as 2026-04-01T09:00:00Z (K4-1)", "x: unknown field (K4-1)"),
                e.problems().stream().map(Object::toString).toList());
    }
}

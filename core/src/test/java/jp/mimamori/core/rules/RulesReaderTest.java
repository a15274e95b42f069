package jp.mimamori.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.testing.Props;
import jp.mimamori.testing.RulesFixtures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading operating rules (K4-1): limits, strictness, every problem at once, and golden messages. */
class RulesReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String GOLDEN = "golden/";
    private static final List<String> GOLDEN_CASES = List.of("unknown-and-missing", "duplicate-key",
            "bad-references", "bad-values", "not-json", "too-deep", "retention-45-days-kumagaya",
            "saku-street-one-day");

    @Test
    void samples_readCompletely() {
        OperatingRules k = Samples.rules(Samples.KUMAGAYA_CITY_HALL);
        assertEquals("kumagaya-city-hall@2026-04-01", k.ref());
        assertEquals("kumagaya-2019@1.0.0", k.profileRef());
        assertEquals(3, k.cameras().size());
        assertEquals(6, k.designations().size());
        assertTrue(k.designations().get(5).contractClause().isPresent());
        OperatingRules s = Samples.rules(Samples.SAKU_SCHOOL);
        assertEquals(1, s.remoteViewing().size());
    }

    static Stream<String> goldenCases() {
        return GOLDEN_CASES.stream();
    }

    /** Each defect's exact messages (en, then ja) are pinned in {@code golden/NAME.expected}. */
    @ParameterizedTest
    @MethodSource("goldenCases")
    @DisplayName("K4-1: bad rules give exactly the golden messages")
    void goldenBadRules_exactMessages(String name) throws IOException {
        byte[] json = resource(GOLDEN + name + ".json");
        List<String> actual = new ArrayList<>();
        try {
            OperatingRules rules = RulesReader.parse(json);
            var profile = ProfileRegistry.builtIn().find(rules.profileId(), rules.profileVersion()).orElseThrow();
            for (Finding f : ComplianceCheck.check(rules, profile, Instant.parse("2026-04-01T09:00:00Z"))
                    .findings()) {
                actual.add(f.severity() + " " + f.code() + " " + f);
                actual.add("  " + f.render(java.util.Locale.JAPANESE));
            }
        } catch (InvalidDocumentException e) {
            for (var p : e.problems()) {
                actual.add("PROBLEM " + p);
                actual.add("  " + p.render(java.util.Locale.JAPANESE));
            }
        }
        String expected = new String(resource(GOLDEN + name + ".expected"), StandardCharsets.UTF_8);
        if (Boolean.getBoolean("mimamori.golden.update")) {
            Files.writeString(Path.of("src/test/resources/jp/mimamori/core/rules/" + GOLDEN + name + ".expected"),
                    String.join("\n", actual) + "\n");
        }
        assertEquals(expected, String.join("\n", actual) + "\n");
    }

    @Test
    @DisplayName("K4-1: every limit error names the line and column where it tripped")
    void limitErrors_nameLineAndColumn() {
        String head = "{\"format\":\"mimamori-rules\",\n\"x\":";
        String[] docs = {head + "[".repeat(40) + "]".repeat(40) + "}", head + "\"" + "a".repeat(70_000) + "\"}",
            head + "1".repeat(40) + "}", head + "1, \"x\": 2}"};
        String[] words = {"nesting depth", "String value length", "Number value length", "Duplicate field"};
        for (int i = 0; i < docs.length; i++) {
            byte[] doc = docs[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> RulesReader.parse(doc));
            String p = e.problems().get(0).toString();
            assertTrue(p.contains(words[i]) && p.matches(".* at line 2, column \\d+ .*"), p);
        }
    }

    @Test
    void oversizedDocument_isRefusedBeforeParsing() {
        byte[] big = new byte[16 * 1024 * 1024 + 1];
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> RulesReader.parse(big));
        assertEquals("$: document too large (16777217 bytes, limit 16777216) (K4-1)", e.problems().get(0).toString());
    }

    @Test
    @DisplayName("K4-1: validation never throws anything but its own typed error, whatever the JSON")
    void arbitraryEditsOfASample_onlyTypedError() {
        ObjectNode sample = RulesFixtures.tree(Samples.KUMAGAYA_CITY_HALL);
        List<JsonNode> replacements = List.of(JsonNodeFactory.instance.nullNode(),
                JsonNodeFactory.instance.numberNode(-1), JsonNodeFactory.instance.numberNode(1e300),
                JsonNodeFactory.instance.numberNode(Long.MAX_VALUE), JsonNodeFactory.instance.textNode(""),
                JsonNodeFactory.instance.textNode("../../etc"), JsonNodeFactory.instance.textNode("ch-lobby"),
                JsonNodeFactory.instance.booleanNode(true), JsonNodeFactory.instance.arrayNode(),
                JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.textNode("CONTRACTOR"),
                JsonNodeFactory.instance.textNode("2026-13-45T99:00:00Z"));
        Props.theory(150).forAll(lists().of(integers().between(0, 100_000)).ofSizeBetween(1, 4),
                        integers().between(0, replacements.size() - 1))
                .check((picks, r) -> {
                    ObjectNode doc = sample.deepCopy();
                    for (int pick : picks) {
                        List<Map.Entry<JsonNode, String>> slots = new ArrayList<>();
                        collect(doc, slots);
                        var slot = slots.get(pick % slots.size());
                        JsonNode value = replacements.get((r + pick) % replacements.size());
                        if (slot.getKey() instanceof ObjectNode o) {
                            o.set(slot.getValue(), value);
                        } else {
                            ((ArrayNode) slot.getKey()).set(Integer.parseInt(slot.getValue()), value);
                        }
                    }
                    return readsOrTypedError(doc.toString().getBytes(StandardCharsets.UTF_8));
                });
    }

    @Test
    @DisplayName("K4-1: arbitrary text never escapes as anything but the typed error")
    void arbitraryText_onlyTypedError() {
        Props.theory().forAll(strings().allPossible().ofLengthBetween(0, 200))
                .check(s -> readsOrTypedError(s.getBytes(StandardCharsets.UTF_8)));
    }

    static boolean readsOrTypedError(byte[] json) {
        try {
            RulesReader.parse(json);
            return true;
        } catch (InvalidDocumentException e) {
            return !e.problems().isEmpty();
        }
    }

    private static void collect(JsonNode node, List<Map.Entry<JsonNode, String>> out) {
        if (node instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(n -> {
                out.add(Map.entry(o, n));
                collect(o.get(n), out);
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(Map.entry(a, Integer.toString(i)));
                collect(a.get(i), out);
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RulesReaderTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    static String sampleText() {
        return new String(Samples.bytes(Samples.KUMAGAYA_CITY_HALL), StandardCharsets.UTF_8);
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}

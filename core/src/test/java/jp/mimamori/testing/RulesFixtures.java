package jp.mimamori.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import jp.mimamori.core.error.InvalidDocumentException;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;

/** Shipped sample rules, edited as a JSON tree for one test's situation. */
public final class RulesFixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RulesFixtures() {}

    /** The sample as an editable tree. */
    public static ObjectNode tree(String sample) {
        try {
            return (ObjectNode) MAPPER.readTree(Samples.bytes(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample, edited by {@code edit}, as JSON bytes. */
    public static byte[] edited(String sample, Consumer<ObjectNode> edit) {
        ObjectNode t = tree(sample);
        edit.accept(t);
        try {
            return MAPPER.writeValueAsBytes(t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample, edited by {@code edit}, read as rules. */
    public static OperatingRules rules(String sample, Consumer<ObjectNode> edit) {
        try {
            return RulesReader.parse(edited(sample, edit));
        } catch (InvalidDocumentException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The {@code i}-th camera object of a rules tree. */
    public static ObjectNode camera(ObjectNode rules, int i) {
        return (ObjectNode) ((ArrayNode) rules.get("cameras")).get(i);
    }

    /** The array {@code name} of a rules tree. */
    public static ArrayNode array(ObjectNode rules, String name) {
        if (!rules.has(name)) {
            rules.putArray(name);
        }
        return (ArrayNode) rules.get(name);
    }
}

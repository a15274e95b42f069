package jp.mimamori.testing;

import java.io.IOException;
import java.io.InputStream;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;

/**
 * The sample operating rules shipped in core, for other modules' tests (which compile against core's exported
 * packages only): read from the class path, as tests run there.
 */
public final class SampleRules {
    private SampleRules() {}

    /** Kumagaya City Hall under kumagaya-2019. */
    public static final String KUMAGAYA = "kumagaya-city-hall.json";
    /** Saku elementary school under saku-2020. */
    public static final String SAKU = "saku-school.json";

    /** The sample's bytes. */
    public static byte[] bytes(String name) {
        try (InputStream in = ClassLoader.getSystemResourceAsStream("jp/mimamori/core/rules/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("name: no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sample read as rules. */
    public static OperatingRules rules(String name) {
        try {
            return RulesReader.parse(bytes(name));
        } catch (jp.mimamori.core.error.InvalidDocumentException e) {
            throw new AssertionError(e);
        }
    }
}

package jp.mimamori.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesReader;

/**
 * The sample documents shipped in the jar (also shown in {@code docs/RULES.md}): complete operating rules for
 * a Kumagaya city hall and a Saku elementary school, a draft of the Kumagaya rules with the defects a review must
 * catch (its compliance check has ERROR findings, so it is decided on only with an acknowledgement), and a rules
 * test suite for each.
 */
public final class Samples {
    /** Operating rules of Kumagaya City Hall under {@code kumagaya-2019}. */
    public static final String KUMAGAYA_CITY_HALL = "kumagaya-city-hall.json";
    /** Operating rules of a (fictional) Saku elementary school under {@code saku-2020}. */
    public static final String SAKU_SCHOOL = "saku-school.json";
    /** A rules test suite for {@link #KUMAGAYA_CITY_HALL}. */
    public static final String KUMAGAYA_CITY_HALL_TESTS = "kumagaya-city-hall.tests.json";
    /** A rules test suite for {@link #SAKU_SCHOOL}. */
    public static final String SAKU_SCHOOL_TESTS = "saku-school.tests.json";
    /**
     * A draft of the Kumagaya rules with broken links in the chain of authority (K3-1-1, K3-1-2, K3-1-3), a
     * contractor without a clause (K5-1), a remote grant without a viewing right (S5) and a camera outside the
     * guideline (K1-2).
     */
    public static final String KUMAGAYA_DRAFT = "kumagaya-city-hall.draft.json";
    /** A rules test suite for {@link #KUMAGAYA_DRAFT}, run with the findings acknowledged. */
    public static final String KUMAGAYA_DRAFT_TESTS = "kumagaya-city-hall.draft.tests.json";

    private Samples() {}

    /** Every sample's name. */
    public static List<String> names() {
        return List.of(KUMAGAYA_CITY_HALL, SAKU_SCHOOL, KUMAGAYA_CITY_HALL_TESTS, SAKU_SCHOOL_TESTS, KUMAGAYA_DRAFT,
                KUMAGAYA_DRAFT_TESTS);
    }

    /** The bytes of the sample {@code name}, one of {@link #names()}. */
    public static byte[] bytes(String name) {
        if (!names().contains(name)) {
            throw new IllegalArgumentException("name: no sample called " + name);
        }
        try (InputStream in = Samples.class.getResourceAsStream("/jp/mimamori/core/rules/samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("sample missing from the jar: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample {@code name} read as operating rules. */
    public static OperatingRules rules(String name) {
        try {
            return RulesReader.parse(bytes(name));
        } catch (jp.mimamori.core.error.InvalidDocumentException e) {
            throw new IllegalStateException("shipped sample is invalid: " + e.getMessage(), e);
        }
    }
}

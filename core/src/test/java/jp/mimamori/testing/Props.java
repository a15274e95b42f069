package jp.mimamori.testing;

import static org.quicktheories.QuickTheory.qt;

import org.quicktheories.core.Strategy;
import org.quicktheories.dsl.TheoryBuilder;
import org.quicktheories.QuickTheory;

/**
 * QuickTheories with a fixed, logged seed. Every property test in the project starts here, so a failure is
 * reproduced with {@code mvn test -Dmimamori.seed=N} (and more cases with {@code -Dmimamori.examples=N}).
 */
public final class Props {
    private static final System.Logger LOG = System.getLogger(Props.class.getName());

    private Props() {}

    /** The seed in force: {@code -Dmimamori.seed}, default 20261123. */
    public static long seed() {
        return Long.getLong("mimamori.seed", 20261123L);
    }

    /** The number of examples per property: {@code -Dmimamori.examples}, default 200. */
    public static int examples() {
        return Integer.getInteger("mimamori.examples", 200);
    }

    /** A theory builder with the project's seed and example count. */
    public static QuickTheory theory() {
        LOG.log(System.Logger.Level.INFO, "property seed {0} ({1} examples); reproduce with -Dmimamori.seed={0}",
                Long.toString(seed()), examples());
        return qt().withFixedSeed(seed()).withExamples(examples());
    }

    /** The same with a different example count, for expensive properties. */
    public static QuickTheory theory(int examples) {
        return theory().withExamples(examples);
    }

    /** Unused-import guard for the DSL types tests commonly need. */
    static Class<?>[] dsl() {
        return new Class<?>[] {Strategy.class, TheoryBuilder.class};
    }
}

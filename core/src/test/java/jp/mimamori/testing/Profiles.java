package jp.mimamori.testing;

import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;

/** The built-in guideline profiles, for tests and benchmarks that need their retention bounds or articles. */
public final class Profiles {
    /** Kumagaya 2019 ({@code kumagaya-2019@1.0.0}): 14 days in principle, longer with a stated reason (K3-2-2). */
    public static final GuidelineProfile KUMAGAYA = ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0")
            .orElseThrow();
    /** Saku 2020 ({@code saku-2020@1.0.0}): at most 31 days (S1), at least 7 (S2). */
    public static final GuidelineProfile SAKU = ProfileRegistry.builtIn().find("saku-2020", "1.0.0").orElseThrow();

    private Profiles() {}
}

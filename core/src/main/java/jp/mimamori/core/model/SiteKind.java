package jp.mimamori.core.model;

import jp.mimamori.core.text.LocalizedText;

/** What kind of place a site is (S4: a profile lists the kinds it covers). */
public enum SiteKind {
    /** 公共施設: city hall, library, community centre. */
    PUBLIC_FACILITY("公共施設", "public facility"),
    /** 学校. */
    SCHOOL("学校", "school"),
    /** 公園. */
    PARK("公園", "park"),
    /** 道路. */
    STREET("道路", "street"),
    /** 交差点. */
    INTERSECTION("交差点", "intersection"),
    /** 繁華街. */
    DOWNTOWN("繁華街", "downtown"),
    /** 駅・駅前. */
    STATION("駅・駅前", "station"),
    /** 商店街. */
    SHOPPING_STREET("商店街", "shopping street");

    private final LocalizedText label;

    SiteKind(String ja, String en) {
        this.label = LocalizedText.of(ja, en);
    }

    /** The kind's name in Japanese and English. */
    public LocalizedText label() {
        return label;
    }
}

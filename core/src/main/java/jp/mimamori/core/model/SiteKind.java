package jp.mimamori.core.model;

import jp.mimamori.core.internal.EnumLabels;
import jp.mimamori.core.text.LocalizedText;

/** What kind of place a site is (S4: a profile lists the kinds it covers). Immutable and thread-safe. */
public enum SiteKind {
    /** 公共施設: city hall, library, community centre. */
    PUBLIC_FACILITY,
    /** 学校. */
    SCHOOL,
    /** 公園. */
    PARK,
    /** 道路. */
    STREET,
    /** 交差点. */
    INTERSECTION,
    /** 繁華街. */
    DOWNTOWN,
    /** 駅・駅前. */
    STATION,
    /** 商店街. */
    SHOPPING_STREET;

    /** The kind's name in Japanese and English. */
    public LocalizedText label() {
        return EnumLabels.of(this);
    }
}

package jp.mimamori.core.model;

import jp.mimamori.core.internal.EnumLabels;
import jp.mimamori.core.text.LocalizedText;

/**
 * A purpose: what a camera is declared for (K2-1), and what an access or a disclosure is asked for. Whether a
 * request's purpose fits a camera's declared purposes is a guideline profile's data, not code.
 *
 * <p>Immutable and thread-safe.
 */
public enum Purpose {
    /** 防犯. */
    CRIME_PREVENTION,
    /** 施設管理. */
    FACILITY_MANAGEMENT,
    /** 交通安全. */
    TRAFFIC_SAFETY,
    /** 児童生徒の安全. */
    CHILD_SAFETY,
    /** 犯罪捜査. */
    CRIMINAL_INVESTIGATION,
    /** 事故調査. */
    ACCIDENT_INVESTIGATION,
    /** 行方不明者の捜索. */
    MISSING_PERSON,
    /** 法令に基づく対応. */
    LEGAL_OBLIGATION,
    /**
     * 特定の者の財産の保護: a camera protecting one person's property is not a crime-prevention camera in the
     * guideline's sense (K1-2); the compliance check says the guideline does not apply to it.
     */
    PROPERTY_PROTECTION;

    /** The purpose's name in Japanese and English. */
    public LocalizedText label() {
        return EnumLabels.of(this);
    }
}

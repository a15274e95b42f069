package jp.mimamori.core.model;

import jp.mimamori.core.text.LocalizedText;

/** Something the caller must do when it acts on a permit decision. */
public enum Obligation {
    /** Log the viewing in the evidence log (K3-1-3). */
    LOG_VIEWING("K3-1-3", "視聴を証跡ログに記録すること", "log the viewing in the evidence log"),
    /** Export only encrypted or access-controlled, and log it (K3-2-1). */
    PROTECT_EXPORT("K3-2-1", "書き出しは暗号化又はアクセス制御し、記録すること",
            "export only encrypted or access-controlled, and log it"),
    /** Verify the recipient's identity before provision (K3-4). */
    VERIFY_RECIPIENT("K3-4", "提供の際に相手方の身分を確認すること",
            "verify the recipient's identity before provision"),
    /** Record date and time, recipient, reason and content provided (K3-4). */
    RECORD_DISCLOSURE("K3-4", "提供日時・提供先・提供理由・提供した画像の内容を記録すること",
            "record date and time, recipient, reason and content provided"),
    /** Mask third parties on the disclosed copy; the recorded images stay unmodified (K3-2-4). */
    MASK_THIRD_PARTIES("K3-2-4", "提供する複製では第三者を判別できないようにすること(原画像は加工しない)",
            "mask third parties on the disclosed copy (the recorded images stay unmodified)"),
    /** Limit the footage provided to the minimum the request needs (K2-2). */
    MINIMUM_FOOTAGE("K2-2", "提供は要請に必要な最小限の範囲とすること",
            "provide only the minimum footage the request needs");

    private final String requirement;
    private final LocalizedText text;

    Obligation(String requirement, String ja, String en) {
        this.requirement = requirement;
        this.text = LocalizedText.of(ja, en);
    }

    /** The requirement the obligation keeps. */
    public String requirement() {
        return requirement;
    }

    /** What the caller must do, in Japanese and English. */
    public LocalizedText text() {
        return text;
    }
}

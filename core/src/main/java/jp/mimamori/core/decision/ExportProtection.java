package jp.mimamori.core.decision;

import jp.mimamori.core.text.LocalizedText;

/** How exported images are protected against leaks (K3-2-1). */
public enum ExportProtection {
    /** Encrypted to one recipient (such as a CMS-encrypted export bundle). */
    ENCRYPTED_TO_RECIPIENT("受領者宛てに暗号化", "encrypted to the recipient"),
    /** Kept in an access-controlled store (such as the city's evidence server). */
    ACCESS_CONTROLLED_STORE("アクセス制御された保管場所", "access-controlled store"),
    /** Written to media anyone holding them can read: always denied (K3-2-1). */
    UNPROTECTED("保護なしの媒体", "unprotected media");

    private final LocalizedText label;

    ExportProtection(String ja, String en) {
        this.label = LocalizedText.of(ja, en);
    }

    /** The protection in Japanese and English. */
    public LocalizedText label() {
        return label;
    }
}

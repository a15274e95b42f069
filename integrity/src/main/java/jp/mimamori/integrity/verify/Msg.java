package jp.mimamori.integrity.verify;

import jp.mimamori.core.finding.Finding;
import jp.mimamori.core.finding.Location;
import jp.mimamori.core.finding.VerificationCode;
import jp.mimamori.core.text.LocalizedText;

/** Findings with their Japanese and English messages, in one place (golden tests assert them exactly). */
final class Msg {
    private Msg() {}

    static Finding f(VerificationCode code, Location where, String ja, String en) {
        return Finding.of(code, where, LocalizedText.of(ja, en));
    }
}

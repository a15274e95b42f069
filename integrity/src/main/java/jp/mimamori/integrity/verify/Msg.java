package jp.mimamori.integrity.verify;

import jp.mimamori.integrity.report.Finding;
import jp.mimamori.integrity.report.FindingCode;
import jp.mimamori.integrity.report.Location;

/** Findings with their Japanese and English messages, in one place (golden tests assert them exactly). */
final class Msg {
    private Msg() {}

    static Finding f(FindingCode code, Location where, String ja, String en) {
        return Finding.of(code, where, ja, en);
    }
}

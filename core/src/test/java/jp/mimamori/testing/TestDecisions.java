package jp.mimamori.testing;

import java.util.List;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.text.LocalizedText;

/**
 * Decisions for tests whose subject is not authority (erasure mechanics, crash safety, stores): a permit and a
 * deny made by hand, as a stand-in for the operating rules' answer. Tests of who may erase use real rules.
 */
public final class TestDecisions {
    private TestDecisions() {}

    /** A permit citing K3-2-2 under rules {@code test@1}. */
    public static Decision permit() {
        return new Decision.Permit(List.of("K3-2-2"), List.of(), LocalizedText.of("試験", "test"), List.of(),
                "test@1", "test@1");
    }

    /** A deny citing K3-2-2 and K3-1-1 under rules {@code test@1}. */
    public static Decision deny() {
        return new Decision.Deny(List.of("K3-2-2", "K3-1-1"), List.of(), LocalizedText.of("権限なし", "not allowed"),
                List.of(), "test@1", "test@1");
    }
}

package jp.mimamori.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.profile.GuidelineProfile;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.testing.RulesFixtures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The human-readable rules document (K4-1) and the signage text (K2-3) are generated from the JSON. */
class RulesDocumentTest {
    static final GuidelineProfile KUMAGAYA = ProfileRegistry.builtIn().find("kumagaya-2019", "1.0.0").orElseThrow();
    static final GuidelineProfile SAKU = ProfileRegistry.builtIn().find("saku-2020", "1.0.0").orElseThrow();

    @Test
    @DisplayName("K2-3: the sign says a camera is installed and who installed it")
    void signageText_K2_3() {
        OperatingRules rules = Samples.rules(Samples.KUMAGAYA_CITY_HALL);
        var sign = SignageText.of(rules, rules.camera("ch-entrance").orElseThrow());
        assertEquals("防犯カメラ作動中\n設置者: 熊谷市\n設置目的: 防犯\n画像は設置運用規約(kumagaya-city-hall)に従い適正に管理します。"
                + "お問い合わせは設置者まで。", sign.ja());
        assertEquals("CCTV in operation\nInstalled by: 熊谷市\nPurpose: crime prevention\nImages are handled under the"
                + " operating rules (kumagaya-city-hall). Please address inquiries to the installer.", sign.en());
    }

    @Test
    @DisplayName("K2-3: without a signage record the sign names the rules' installer")
    void signageWithoutRecord_usesInstaller() {
        OperatingRules rules = RulesFixtures.rules(Samples.SAKU_SCHOOL, t -> RulesFixtures.camera(t, 0)
                .remove("signage"));
        assertTrue(SignageText.of(rules, rules.cameras().get(0)).ja()
                .contains("設置者: 佐久市教育委員会 (Saku City Board of Education)"));
    }

    @Test
    @DisplayName("K4-1: the Japanese document cites the articles and lists every camera and designation")
    void japaneseDocument_K4_1() {
        String md = RulesDocument.markdown(Samples.rules(Samples.KUMAGAYA_CITY_HALL), KUMAGAYA, Locale.JAPANESE);
        assertTrue(md.startsWith("# 設置運用規約: kumagaya-city-hall\n"), md);
        assertTrue(md.contains("## 5. 画像の保存期間 (K3-2-2)"), md);
        assertTrue(md.contains("## 3. 管理体制 (K3-1-1, K3-1-2, K5-1)"), md);
        assertTrue(md.contains("| `d-op-sato` | 佐藤 (Sato), transferred 2026-03-15 | 操作責任者 | 総務課長 (Head, General"
                + " Affairs Division) | 全カメラ | 2026-01-05T00:00:00Z – 2026-03-15T00:00:00Z(取消し) |  |"), md);
        assertTrue(md.contains("- `ch-parking`: 30日(理由: "), md);
        assertTrue(md.contains("- 捜査機関から犯罪又は事故の捜査の目的で文書により要請を受けた場合"), md);
    }

    @Test
    @DisplayName("K4-1, S5, S6: the English document shows remote viewing and the penalty clause")
    void englishDocument_S5_S6() {
        String md = RulesDocument.markdown(Samples.rules(Samples.SAKU_SCHOOL), SAKU, Locale.ENGLISH);
        assertTrue(md.contains("## 7. Remote viewing (S5)"), md);
        assertTrue(md.contains("## 8. Confidentiality and penalties (K3-3, S6)"), md);
        assertTrue(md.contains("Guideline ceiling: 31 days, floor: 7 days."), md);
        assertTrue(md.contains("the city's dedicated fibre line"), md);
    }
}

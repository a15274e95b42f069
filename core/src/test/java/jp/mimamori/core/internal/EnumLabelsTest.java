package jp.mimamori.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import jp.mimamori.core.decision.ExportProtection;
import jp.mimamori.core.decision.RequesterKind;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Obligation;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.model.Role;
import jp.mimamori.core.model.SiteKind;
import jp.mimamori.core.profile.DisclosureGround;
import jp.mimamori.core.text.LocalizedText;
import org.junit.jupiter.api.Test;

/** Every enum constant a person reads by name has it in Japanese and English, from the one label table. */
class EnumLabelsTest {
    private static final List<Class<? extends Enum<?>>> LABELLED = List.of(Purpose.class, SiteKind.class,
            Action.class, RequesterKind.class, Role.class, DisclosureGround.class, ExportProtection.class,
            Obligation.class);

    @Test
    void everyConstant_hasJapaneseAndEnglish() {
        for (Class<? extends Enum<?>> type : LABELLED) {
            for (Enum<?> constant : type.getEnumConstants()) {
                LocalizedText label = EnumLabels.of(constant);
                assertFalse(label.ja().isBlank(), constant + " ja");
                assertFalse(label.en().isBlank(), constant + " en");
                assertFalse(label.ja().equals(label.en()), constant + " ja and en the same");
            }
        }
    }

    @Test
    void table_namesNoConstantThatDoesNotExist() throws IOException {
        Properties table = new Properties();
        try (InputStream in = EnumLabels.class.getResourceAsStream("enum-labels.properties")) {
            table.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Set<String> expected = new TreeSet<>();
        for (Class<? extends Enum<?>> type : LABELLED) {
            for (Enum<?> constant : type.getEnumConstants()) {
                expected.add(type.getSimpleName() + "." + constant.name() + ".ja");
                expected.add(type.getSimpleName() + "." + constant.name() + ".en");
            }
        }
        assertEquals(expected, new TreeSet<>(table.stringPropertyNames()));
    }

    @Test
    void labels_areTheNamesTheGuidelineUses() {
        assertEquals("防犯", Purpose.CRIME_PREVENTION.label().in(Locale.JAPANESE));
        assertEquals("protecting a specific person's property", Purpose.PROPERTY_PROTECTION.label().en());
        assertEquals("駅・駅前", SiteKind.STATION.label().ja());
        assertEquals("運用責任者", Role.OPERATION_MANAGER.label().ja());
        assertEquals("提供する複製では第三者を判別できないようにすること(原画像は加工しない)",
                Obligation.MASK_THIRD_PARTIES.text().ja());
        List<String> names = new ArrayList<>();
        for (RequesterKind k : RequesterKind.values()) {
            names.add(k.label().en());
        }
        assertEquals(List.of("investigative agency", "court", "public body", "private individual",
                "private organization"), names);
    }
}

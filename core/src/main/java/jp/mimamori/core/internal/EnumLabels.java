package jp.mimamori.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import jp.mimamori.core.text.LocalizedText;

/**
 * The Japanese and English names of core's enum constants ({@code Purpose}, {@code SiteKind}, {@code Action},
 * {@code RequesterKind}, {@code Role}, {@code DisclosureGround}, {@code ExportProtection}, {@code Obligation}):
 * one data file, {@code enum-labels.properties} beside this class, read by this one lookup. Stateless apart
 * from the table read once; thread-safe.
 */
public final class EnumLabels {
    private static final String RESOURCE = "enum-labels.properties";
    private static final Properties TABLE = load();
    private static final Map<Enum<?>, LocalizedText> CACHE = new ConcurrentHashMap<>();

    private EnumLabels() {}

    /**
     * The name of {@code constant} in Japanese and English.
     *
     * @throws IllegalStateException when the table lacks either name (a build defect, caught by its test)
     */
    public static LocalizedText of(Enum<?> constant) {
        return CACHE.computeIfAbsent(constant, EnumLabels::read);
    }

    private static LocalizedText read(Enum<?> constant) {
        String key = constant.getDeclaringClass().getSimpleName() + "." + constant.name();
        String ja = TABLE.getProperty(key + ".ja");
        String en = TABLE.getProperty(key + ".en");
        if (ja == null || en == null || ja.isBlank() || en.isBlank()) {
            throw new IllegalStateException(RESOURCE + ": no ja and en name for " + key);
        }
        return LocalizedText.of(ja, en);
    }

    private static Properties load() {
        Properties table = new Properties();
        try (InputStream in = EnumLabels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the core module");
            }
            table.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE, e);
        }
        return table;
    }
}

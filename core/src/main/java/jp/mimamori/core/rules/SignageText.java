package jp.mimamori.core.rules;

import java.util.stream.Collectors;
import jp.mimamori.core.model.Camera;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.text.LocalizedText;

/**
 * The text of the sign at a camera (K2-3): that a camera is installed, who installed it, what for, and where to
 * ask. Uses the installer name recorded on the camera's signage, or the rules' installer when none is recorded.
 *
 * <pre>{@code
 * LocalizedText sign = SignageText.of(rules, rules.camera("ch-entrance").orElseThrow());
 * }</pre>
 *
 * <p>Stateless; thread-safe.
 */
public final class SignageText {
    private SignageText() {}

    /** The sign for {@code camera}, which must belong to {@code rules}. */
    public static LocalizedText of(OperatingRules rules, Camera camera) {
        if (rules.camera(camera.id()).isEmpty()) {
            throw new IllegalArgumentException("camera: " + camera.id() + " is not in rules " + rules.ref());
        }
        String installer = camera.signage().map(s -> s.installerName()).orElse(rules.installer().name());
        var purposes = camera.purposes().stream().sorted().toList();
        String ja = "防犯カメラ作動中\n設置者: " + installer + "\n設置目的: "
                + purposes.stream().map(p -> p.label().ja()).collect(Collectors.joining("・"))
                + "\n画像は設置運用規約(" + rules.id() + ")に従い適正に管理します。お問い合わせは設置者まで。";
        String en = "CCTV in operation\nInstalled by: " + installer + "\nPurpose: "
                + purposes.stream().map(Purpose::label).map(LocalizedText::en).collect(Collectors.joining(", "))
                + "\nImages are handled under the operating rules (" + rules.id()
                + "). Please address inquiries to the installer.";
        return LocalizedText.of(ja, en);
    }
}

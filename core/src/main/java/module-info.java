/**
 * Mimamori core: the vocabulary of guideline-compliant camera operation, guideline profiles, operating rules,
 * the access and disclosure decision engine, and the service-provider interfaces (evidence log, segments)
 * through which the {@code integrity} and {@code retention} modules meet.
 *
 * <p>Depends on Jackson only.
 *
 * <p>Exported packages (each one line of purpose):
 * <ul>
 *   <li>{@code jp.mimamori.core.model}: cameras, sites, principals, roles, designations, permits, purposes</li>
 *   <li>{@code jp.mimamori.core.profile}: guideline profiles as versioned data</li>
 *   <li>{@code jp.mimamori.core.rules}: operating rules read strictly and checked against a profile</li>
 *   <li>{@code jp.mimamori.core.decision}: the access and disclosure decision engine</li>
 *   <li>{@code jp.mimamori.core.suite}: rules test suites run before a city adopts its rules</li>
 *   <li>{@code jp.mimamori.core.evidence}: the evidence log SPI and its record types</li>
 *   <li>{@code jp.mimamori.core.segment}: a sealed segment as retention and the log see it</li>
 *   <li>{@code jp.mimamori.core.finding}: the one finding model of every check</li>
 *   <li>{@code jp.mimamori.core.error}: the library's exception types</li>
 *   <li>{@code jp.mimamori.core.text}: Japanese and English text as one value</li>
 *   <li>{@code jp.mimamori.core.crypto}: secret key material and the signing interfaces</li>
 * </ul>
 *
 * <p>The {@code internal} packages hold primitives the sibling modules share (canonical JSON and strict
 * reading, bounded file reading, durable file writes, the form of ids, work split over the cores, a buffer
 * hand-off between two threads); they are exported only to those modules, not to embedders. Compiling core alone,
 * those modules are not yet present, which javac reports as a "module not found" lint; that lint is suppressed here.
 */
@SuppressWarnings("module")
module jp.mimamori.core {
    requires transitive com.fasterxml.jackson.databind;

    exports jp.mimamori.core.text;
    exports jp.mimamori.core.crypto;
    exports jp.mimamori.core.finding;
    exports jp.mimamori.core.evidence;
    exports jp.mimamori.core.segment;
    exports jp.mimamori.core.error;
    exports jp.mimamori.core.model;
    exports jp.mimamori.core.profile;
    exports jp.mimamori.core.rules;
    exports jp.mimamori.core.decision;
    exports jp.mimamori.core.suite;

    exports jp.mimamori.core.internal.json to jp.mimamori.integrity, jp.mimamori.retention, jp.mimamori.recorder,
            jp.mimamori.log.postgres;
    exports jp.mimamori.core.internal.io to jp.mimamori.integrity, jp.mimamori.retention, jp.mimamori.recorder,
            jp.mimamori.log.postgres;
    exports jp.mimamori.core.internal.work to jp.mimamori.integrity, jp.mimamori.retention, jp.mimamori.recorder;
    exports jp.mimamori.core.internal.id to jp.mimamori.integrity, jp.mimamori.retention, jp.mimamori.recorder;
}

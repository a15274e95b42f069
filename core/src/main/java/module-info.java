/**
 * Mimamori core: the vocabulary of guideline-compliant camera operation, guideline profiles, operating rules,
 * the access and disclosure decision engine, and the service-provider interfaces (evidence log, segments)
 * through which the {@code integrity} and {@code retention} modules meet.
 *
 * <p>Depends on Jackson only.
 *
 * <p>The {@code internal} packages hold primitives the sibling modules share (canonical JSON, strict reading and
 * durable file writes); they are exported only to those modules, not to embedders. Compiling core alone, those
 * modules are not yet present, which javac reports as a "module not found" lint; that lint is suppressed here.
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

    exports jp.mimamori.core.internal.json to jp.mimamori.integrity, jp.mimamori.retention, jp.mimamori.recorder;
    exports jp.mimamori.core.internal.io to jp.mimamori.integrity, jp.mimamori.retention, jp.mimamori.recorder;
}

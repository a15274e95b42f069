/**
 * Mimamori core: the vocabulary of guideline-compliant camera operation, guideline profiles, operating rules,
 * the access and disclosure decision engine, and the service-provider interfaces (evidence log, segments)
 * through which the {@code integrity} and {@code retention} modules meet.
 *
 * <p>Depends on Jackson only.
 */
module jp.mimamori.core {
    requires transitive com.fasterxml.jackson.databind;

    exports jp.mimamori.core.text;
    exports jp.mimamori.core.finding;
    exports jp.mimamori.core.evidence;
    exports jp.mimamori.core.segment;
    exports jp.mimamori.core.error;
    exports jp.mimamori.core.model;
    exports jp.mimamori.core.profile;
    exports jp.mimamori.core.rules;
    exports jp.mimamori.core.decision;
    exports jp.mimamori.core.suite;
}

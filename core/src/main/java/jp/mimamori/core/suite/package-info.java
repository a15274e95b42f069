/**
 * Rules test suites: a JSON file of requests, each with the decision and the requirement IDs the city expects,
 * run against its operating rules before it adopts them — the way {@code cedar run-tests} checks Cedar
 * policies. Used by {@code mimamori rules test FILE} and by the JUnit helper in core's test jar.
 *
 * <pre>{@code
 * SuiteResult r = SuiteRunner.run(Path.of("rules.tests.json"), ProfileRegistry.builtIn());
 * r.failures().forEach(f -> System.err.println(f.explain()));
 * }</pre>
 *
 * <p>May use: {@code jp.mimamori.core.decision}, {@code .rules}, {@code .profile}, {@code .error},
 * {@code .internal.*}.
 */
package jp.mimamori.core.suite;

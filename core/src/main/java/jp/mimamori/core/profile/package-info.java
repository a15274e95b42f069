/**
 * Guideline profiles as versioned data (K5-2, S10): a municipality's guideline — its articles with Japanese
 * and English titles, retention ceiling and floor, covered site kinds, allowed disclosure grounds, remote
 * viewing default, which request purposes fit which declared purposes, and which articles each rule of the
 * engine cites — read from JSON. {@code kumagaya-2019} and {@code saku-2020} ship as resources; a third party
 * adds another city with a JSON file, no Java code.
 *
 * <pre>{@code
 * ProfileRegistry profiles = ProfileRegistry.builtIn()
 *         .with(GuidelineProfile.load(Path.of("my-city-2025.json")));
 * GuidelineProfile kumagaya = profiles.find("kumagaya-2019", "1.0.0").orElseThrow();
 * }</pre>
 *
 * <p>May use: {@code jp.mimamori.core.model}, {@code .text}, {@code .error}, {@code .internal.json}.
 */
package jp.mimamori.core.profile;

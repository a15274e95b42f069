/**
 * The options and output every command shares, as picocli mixins and converters, so each is declared and
 * checked once: {@code --lang} ({@link jp.mimamori.cli.options.LangOption}), {@code --json}
 * ({@link jp.mimamori.cli.options.JsonOption}), {@code --trust} ({@link jp.mimamori.cli.options.TrustOption}),
 * {@code --now} ({@link jp.mimamori.cli.options.NowOption}), {@code --principal}
 * ({@link jp.mimamori.cli.options.PrincipalOption}), the evidence-log folder argument
 * ({@link jp.mimamori.cli.options.LogFolder}), ISO-8601 instants ({@link jp.mimamori.cli.options.InstantConverter})
 * and printing to the command's streams ({@link jp.mimamori.cli.options.Output}).
 *
 * <p>May use: picocli, Jackson, core's canonical JSON, integrity's log package, the JDK.
 */
package jp.mimamori.cli.options;

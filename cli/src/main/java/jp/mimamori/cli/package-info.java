/**
 * The {@code mimamori} command line: one runnable jar that parses arguments and prints; what a library user
 * would need lives in the library modules (the wiring between integrity and retention in {@code recorder}).
 * Exit codes (DESIGN.md, CLI contract): 0 all well, 1 a verification or check found something, 2 usage or input
 * error, 70 internal error. {@link jp.mimamori.cli.Main} is the one place where errors become one-line messages
 * and exit codes; only the global {@code --verbose} adds a stack trace. Shared options and printing are mixins
 * in {@code …cli.options}; every file a command reads goes through core's bounded reader. Subcommands live in one package per area ({@code …cli.rules}, {@code …cli.integrity}, …), the demo in
 * {@code …cli.demo}.
 */
package jp.mimamori.cli;

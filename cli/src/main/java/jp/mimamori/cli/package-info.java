/**
 * The {@code mimamori} command line: one runnable jar wiring core, integrity and retention together. Exit
 * codes (DESIGN.md, CLI contract): 0 all well, 1 a verification or check found something, 2 usage or input
 * error. Subcommands live in one package per area ({@code …cli.rules}, {@code …cli.integrity}, …).
 */
package jp.mimamori.cli;

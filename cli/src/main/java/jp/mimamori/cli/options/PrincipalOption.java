package jp.mimamori.cli.options;

import picocli.CommandLine.Option;

/** {@code --principal ID}: who acts; recorded in the evidence log, and checked where the guideline says so. */
public final class PrincipalOption {
    @Option(names = "--principal", required = true, paramLabel = "ID",
            description = "who acts (recorded in the evidence log; must be authorised where required)")
    String principal;

    /** The principal's id. */
    public String principal() {
        return principal;
    }
}

package jp.mimamori.cli.options;

import picocli.CommandLine.Option;

/** {@code --json}: print the machine-readable form instead of text. */
public final class JsonOption {
    @Option(names = "--json", description = "print the machine-readable form (JSON)")
    boolean json;

    /** Whether {@code --json} was given. */
    public boolean json() {
        return json;
    }
}

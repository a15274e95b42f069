package jp.mimamori.cli;

/** The exit codes of the CLI contract (DESIGN.md). */
public final class ExitCodes {
    private ExitCodes() {}

    /** All is well. */
    public static final int OK = 0;
    /** A verification or check found something. */
    public static final int FOUND = 1;
    /** A usage or input error. */
    public static final int USAGE = 2;
    /** An internal error: a bug in Mimamori (sysexits' EX_SOFTWARE). */
    public static final int INTERNAL = 70;
}

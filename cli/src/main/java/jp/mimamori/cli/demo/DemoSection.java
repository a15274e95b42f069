package jp.mimamori.cli.demo;

/** One part of the demo scenario. Sections run in the order {@link DemoCommand} lists them. */
public interface DemoSection {
    /** A heading, printed before the section runs. */
    String title();

    /** Runs the section against the shared workspace. */
    void run(DemoContext ctx) throws Exception;
}

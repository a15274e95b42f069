package jp.mimamori.cli.demo;

/**
 * One part of the demo scenario. Sections run in the order {@link DemoCommand} lists them, each after the heading
 * listed with it.
 */
@FunctionalInterface
public interface DemoSection {
    /** Runs the section against the shared workspace. */
    void run(DemoContext ctx) throws Exception;
}

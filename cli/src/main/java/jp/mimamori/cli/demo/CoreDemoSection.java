package jp.mimamori.cli.demo;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import jp.mimamori.cli.rules.RulesCheckCommand;
import jp.mimamori.core.decision.AccessRequest;
import jp.mimamori.core.decision.BasisKind;
import jp.mimamori.core.decision.Decision;
import jp.mimamori.core.decision.DecisionEngine;
import jp.mimamori.core.decision.DecisionEvidence;
import jp.mimamori.core.decision.DisclosureRequest;
import jp.mimamori.core.decision.Request;
import jp.mimamori.core.decision.RequesterKind;
import jp.mimamori.core.evidence.EvidenceReceipt;
import jp.mimamori.core.internal.Samples;
import jp.mimamori.core.model.Action;
import jp.mimamori.core.model.Purpose;
import jp.mimamori.core.profile.ProfileRegistry;
import jp.mimamori.core.rules.ComplianceCheck;
import jp.mimamori.core.rules.OperatingRules;
import jp.mimamori.core.rules.RulesDocument;
import jp.mimamori.core.rules.RulesReader;
import jp.mimamori.core.suite.SuiteResult;
import jp.mimamori.core.suite.SuiteRunner;

/**
 * The core part of the demo: writes the sample operating rules and their test suites to {@code rules/}, checks
 * them against their profiles, runs the suites, and decides the seed situations (S8 fitting and not fitting,
 * S9, S7, S5, K3-3, K3-1-3), printing each decision with its reasons and appending it to the evidence log.
 */
public final class CoreDemoSection implements DemoSection {

    @Override
    public void run(DemoContext ctx) throws Exception {
        PrintStream out = ctx.print();
        Path dir = ctx.dir("rules");
        Files.createDirectories(dir);
        for (String name : Samples.names()) {
            Files.write(dir.resolve(name), Samples.bytes(name));
        }
        out.println("wrote " + Samples.names().size() + " files to " + dir);
        Instant now = ctx.clock().instant();
        ProfileRegistry profiles = ProfileRegistry.builtIn();
        OperatingRules kumagaya = RulesReader.read(dir.resolve(Samples.KUMAGAYA_CITY_HALL));
        OperatingRules saku = RulesReader.read(dir.resolve(Samples.SAKU_SCHOOL));
        PrintWriter w = new PrintWriter(out, true);
        for (OperatingRules r : new OperatingRules[] {kumagaya, saku}) {
            RulesCheckCommand.print(w, ComplianceCheck.check(r, SuiteRunner.profile(r, profiles), now), ctx.locale());
        }
        for (var lang : new java.util.Locale[] {java.util.Locale.JAPANESE, java.util.Locale.ENGLISH}) {
            Path md = dir.resolve("kumagaya-city-hall." + lang.getLanguage() + ".md");
            Files.writeString(md, RulesDocument.markdown(kumagaya, SuiteRunner.profile(kumagaya, profiles), lang));
            out.println("rules document: " + md.getFileName());
        }
        for (String suite : new String[] {Samples.KUMAGAYA_CITY_HALL_TESTS, Samples.SAKU_SCHOOL_TESTS}) {
            SuiteResult s = SuiteRunner.run(dir.resolve(suite), profiles);
            out.println("rules test " + suite + ": " + (s.results().size() - s.failures().size()) + " of "
                    + s.results().size() + " cases pass");
        }
        DecisionEngine k = DecisionEngine.create(kumagaya, SuiteRunner.profile(kumagaya, profiles));
        DecisionEngine s = DecisionEngine.create(saku, SuiteRunner.profile(saku, profiles));
        Instant from = now.minusSeconds(2 * 86_400);
        Instant to = from.plusSeconds(3_600);
        decide(ctx, s, "S8: police written request, criminal investigation, school gate camera",
                new DisclosureRequest("demo-s8-1", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署 (Saku Police)",
                        BasisKind.WRITTEN_REQUEST, Optional.of("佐署刑第123号"), Purpose.CRIMINAL_INVESTIGATION,
                        "es-gate", from, to, now));
        decide(ctx, s, "S8: police written request, traffic accident, same crime-prevention camera",
                new DisclosureRequest("demo-s8-2", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署 (Saku Police)",
                        BasisKind.WRITTEN_REQUEST, Optional.of("佐署交第9号"), Purpose.ACCIDENT_INVESTIGATION,
                        "es-gate", from, to, now));
        decide(ctx, s, "S9: a family looking for a missing parent asks the school directly",
                new DisclosureRequest("demo-s9", RequesterKind.PRIVATE_INDIVIDUAL, "行方不明者の家族 (family)",
                        BasisKind.WRITTEN_REQUEST, Optional.of("申請書"), Purpose.MISSING_PERSON, "es-gate", from, to,
                        now));
        decide(ctx, s, "S7: the police ask for the same footage through an official written request",
                new DisclosureRequest("demo-s7", RequesterKind.INVESTIGATIVE_AGENCY, "佐久警察署 (Saku Police)",
                        BasisKind.WRITTEN_REQUEST, Optional.of("佐署生安第45号"), Purpose.MISSING_PERSON, "es-gate",
                        from, to, now));
        decide(ctx, s, "S5: the vice-principal tries to view the gate from home",
                new AccessRequest("vp-kato", Action.REMOTE_VIEW, "es-gate", Purpose.CHILD_SAFETY, now));
        decide(ctx, s, "S5: the board of education's central desk views over its dedicated line",
                new AccessRequest("boe-center", Action.REMOTE_VIEW, "es-gate", Purpose.CHILD_SAFETY, now));
        decide(ctx, k, "K3-3: an operator transferred on 2026-03-15 asks to view recorded footage",
                new AccessRequest("op-sato", Action.VIEW_RECORDED, "ch-lobby", Purpose.CRIME_PREVENTION, now));
        decide(ctx, k, "K3-1-3: facility staff whose permit ended on 2026-03-31 asks again",
                new AccessRequest("fm-yamada", Action.VIEW_RECORDED, "ch-lobby", Purpose.FACILITY_MANAGEMENT, now));
        decide(ctx, k, "K3-1-2: a designated operator exports footage for a police investigation",
                new AccessRequest("op-tanaka", Action.EXPORT, "ch-parking", Purpose.CRIMINAL_INVESTIGATION, now));
        out.println("cameras op-tanaka may view recorded for crime prevention: " + k.viewable("op-tanaka",
                Purpose.CRIME_PREVENTION, Action.VIEW_RECORDED, now).stream()
                .map(v -> v.camera() + " (footage from " + v.footageFrom() + ")").toList());
    }

    private static void decide(DemoContext ctx, DecisionEngine engine, String title, Request request)
            throws Exception {
        Decision d = engine.decide(request);
        EvidenceReceipt receipt = DecisionEvidence.append(ctx.evidence(), request, d);
        ctx.print().println("-- " + title);
        for (String line : d.explain(ctx.locale()).split("\n")) {
            ctx.print().println("   " + line);
        }
        ctx.print().println("   evidence #" + receipt.index());
    }
}

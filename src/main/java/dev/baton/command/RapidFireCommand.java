package dev.baton.command;

import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubException;
import dev.baton.github.GitHubSettings;
import dev.baton.github.WorkflowCatalog;
import dev.baton.model.Run;
import dev.baton.probe.DispatchChain;
import dev.baton.probe.RapidFire;
import dev.baton.probe.RapidFirePlan;
import dev.baton.probe.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * rapid-fire: the reference's race-condition tests as one command with a verdict. The dispatches are the
 * mutation and go through the {@link Guard} (production refused unless allowed and confirmed, every attempt
 * audited); observing and judging is {@link RapidFire}'s. Progress streams through {@link FrontendIo#stream};
 * the verdict is the result (text, or JSON with --json).
 */
@Mutating
@Command(name = "rapid-fire", description = "Dispatch runs in quick succession and judge whether their groups serialized them")
final class RapidFireCommand extends BaseCommand {
    /** "prod", "production", "prd" as a word: deploy-production, prod, production-auto - not preprod. */
    static final Pattern PRODUCTION = DispatchChain.PRODUCTION;
    static final String DEPENDABOT_TOKEN = "BATON_DEPENDABOT_TOKEN";

    @Parameters(index = "0", paramLabel = "WORKFLOW[,WORKFLOW...]", split = ",", description = "workflow files, dispatched round-robin")
    List<String> workflows;
    @Option(names = "--count", defaultValue = "2", description = "how many runs (default 2, at most 100)")
    int count;
    @Option(names = "--gap", defaultValue = "2s", converter = DurationOption.NotNegative.class, description = "time between dispatches (default 2s)")
    DurationOption gap;
    @Option(names = "--ref", defaultValue = "main", description = "branch or tag (default main)")
    String ref;
    @Option(names = {"-f", "--field"}, paramLabel = "KEY=VALUE", description = "workflow input (repeatable)")
    Map<String, String> inputs = new LinkedHashMap<>();
    @Option(names = "--as-dependabot", description = "make the first dispatch Dependabot's, with the token in " + DEPENDABOT_TOKEN)
    boolean asDependabot;
    @Option(names = "--timeout", defaultValue = "30m", converter = DurationOption.Positive.class,
            description = "stop observing after this long (default 30m); the verdict is then incomplete")
    DurationOption timeout;
    @Option(names = "--cancel-after", description = "at the end, cancel this test's runs still pending (never running ones)")
    boolean cancelAfter;
    @Option(names = "--report", paramLabel = "FILE", description = "also write the verdict as Markdown to FILE and as JSON to FILE.json")
    Path report;
    @Option(names = "--dry-run", description = "show what would be dispatched; dispatch nothing")
    boolean dryRun;
    @Option(names = "--allow-production", description = "test workflows whose groups or environments look like production,"
            + " or that set off (workflow_run, reusable workflows) ones that do (asks to confirm)")
    boolean allowProduction;
    @Mixin
    GuardOptions guarded = new GuardOptions();
    @Option(names = "--poll", defaultValue = "1s", hidden = true, converter = DurationOption.Positive.class, description = "observation interval")
    DurationOption poll;

    @Override
    protected Result execute() throws IOException {
        RapidFirePlan plan = new RapidFirePlan(workflows, count, gap.value(), ref, inputs, asDependabot,
                timeout.value(), cancelAfter);
        Duration pollEvery = poll.value();
        String botToken = asDependabot ? Baton.firstNonBlank(baton.env().get(DEPENDABOT_TOKEN)) : null;
        if (asDependabot && botToken == null) {
            throw new IllegalArgumentException("--as-dependabot needs " + DEPENDABOT_TOKEN + ", a token whose user is dependabot[bot]"
                    + " (baton sandbox exports one; on GitHub merge a Dependabot PR instead)");
        }
        if (report != null) checkWritable(report);

        WorkflowCatalog catalog = WorkflowCatalog.load(baton.github());
        List<DispatchChain> chains = new ArrayList<>();
        List<String> production = new ArrayList<>();
        for (String wf : new LinkedHashSet<>(plan.workflows())) {
            catalog.dispatchable(wf, baton.repo());
            DispatchChain chain = DispatchChain.of(catalog.workflows(), wf, ref, plan.inputs());
            chains.add(chain);
            if (chain.productionText() != null) production.add(chain.productionText());
        }
        boolean rootProduction = chains.stream().anyMatch(c -> c.links().get(0).deploysProduction());
        boolean chainedProduction = chains.stream().anyMatch(c -> c.chained().stream().anyMatch(DispatchChain.Link::deploysProduction));
        String target = String.join(",", plan.workflows()) + "@" + ref;
        String planText = planText(plan, production, chains);
        if (dryRun) return Result.ok(wrapped("dry run, nothing dispatched; " + planText), dryRunJson(plan, production, chains));

        Guard guard = new Guard(baton, io).leasing(new LinkedHashSet<>(plan.workflows()).stream().map(Team.Target::workflow).toList());
        if (!production.isEmpty() && !allowProduction) {
            String msg = String.join("; ", production) + "; pass --allow-production to test it anyway";
            guard.refuse("rapid-fire", target, plan, guarded.reason, msg);
            return Result.error(Exit.REFUSED, "rapid-fire: refused: " + msg);
        }
        RapidFire fire = new RapidFire(baton.github(), baton.engine(), dispatcher(botToken), canceller(new Guard(baton, io)), baton.wall(), baton.sleeper(),
                pollEvery, p -> {
                    if (p.kind().equals("dispatched") && p.runId() != 0) io.mark(p.runId());
                    io.stream(json() ? Json.line(p) : p.text());
                });
        Map<String, Boolean> chained = new LinkedHashMap<>();
        for (DispatchChain c : chains) c.chainedRuns().forEach((wf, prod) -> chained.merge(wf, prod, Boolean::logicalOr));
        RapidFire.Firing firing = new RapidFire.Firing(plan, chained);
        String prompt = planText + (rootProduction ? "\nThis dispatches " + count + " PRODUCTION deploys." : "")
                + (chainedProduction ? "\nEach run can set off PRODUCTION deploys (workflow_run, reusable workflows): see above." : "");
        Guard.Outcome outcome = guard.run("rapid-fire", target, plan, guarded.reason, prompt,
                production.isEmpty() ? null : String.join(",", plan.workflows()), guarded.yes, null, () -> dispatchAll(fire, firing));
        if (outcome.exitCode() != Exit.OK) return Result.error(outcome.exitCode(), "rapid-fire: " + outcome.message());

        Verdict v = fire.observe(firing);
        String text = wrapped(v.text());
        List<String> timeline = VerdictTimeline.lines(v, Text.WRAP);
        if (!timeline.isEmpty()) text += "\n\n" + String.join("\n", timeline);
        if (report != null) {
            Path json = jsonPath(report);
            try {
                Files.writeString(report, v.markdown(VerdictTimeline.lines(v, 80)));
                Files.writeString(json, Json.pretty(v) + "\n");
                text += "\nreport: " + report + " and " + json;
            } catch (IOException e) {
                return new Result(Exit.BACKEND, text + "\nrapid-fire: cannot write the report " + report + ": " + e.getMessage(), v);
            }
        }
        return new Result(v.pass() ? Exit.OK : Exit.CHECK_FAILED, text, v);
    }

    /** Every line within Text.WRAP columns (a terminal and the screen's pop-up), continuations indented under it. */
    static String wrapped(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            int lead = line.length() - line.stripLeading().length();
            for (String part : Text.wrap(line, Text.WRAP, " ".repeat(lead + 3)).split("\n", -1)) out.add(part.stripTrailing());
        }
        return String.join("\n", out);
    }

    /** The guarded action: every dispatch; a failure midway names the runs already dispatched (left running). */
    private static Guard.Outcome dispatchAll(RapidFire fire, RapidFire.Firing firing) {
        int total = firing.plan().count();
        try {
            fire.fire(firing);
            return Guard.Outcome.done("dispatched", "dispatched runs " + firing.runIds());
        } catch (GitHubException e) {
            return new Guard.Outcome(Exit.BACKEND, "failed", "dispatch " + (firing.runIds().size() + 1) + "/" + total + " failed: "
                    + e.getMessage() + (firing.runIds().isEmpty() ? "" : "; runs already dispatched (left running): " + firing.runIds()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Guard.Outcome(Exit.CHECK_FAILED, "interrupted", "interrupted after dispatching runs " + firing.runIds());
        }
    }

    /** --cancel-after goes through the guard too: re-checked (still not running) and audited, run by run. */
    private RapidFire.Canceller canceller(Guard guard) {
        return (runId, label) -> {
            String what = "run " + runId + " (" + label + ")";
            Guard.Outcome o = guard.run("cancel", what, null, "rapid-fire --cancel-after", "Cancel pending test " + what, null, true,
                    () -> {
                        Run now = baton.github().run(runId);
                        return switch (now.status()) {
                            case PENDING, QUEUED, WAITING, REQUESTED -> null;
                            default -> "it is " + now.status().api() + " now: rapid-fire cancels only pending runs";
                        };
                    },
                    () -> {
                        try {
                            baton.github().cancel(runId);
                            return Guard.Outcome.done("cancelled", "cancelled pending test " + what);
                        } catch (GitHubException e) {
                            return new Guard.Outcome(Exit.BACKEND, "failed", e.getMessage());
                        }
                    });
            if (o.exitCode() != Exit.OK) io.stream("not cancelled: " + what + ": " + o.message());
            return o.exitCode() == Exit.OK;
        };
    }

    private RapidFire.Dispatcher dispatcher(String botToken) {
        GitHubClient bot = botToken == null ? null : new GitHubClient(new GitHubSettings(
                Baton.firstNonBlank(baton.repoConfig() == null ? null : baton.repoConfig().apiUrl(), baton.env().get("GITHUB_API_URL")),
                botToken, baton.repo(), null, Duration.ofSeconds(10)), baton.sleeper());
        return (wf, r, in, dependabot) -> dependabot ? bot.dispatch(wf, r, in) : baton.github().dispatch(wf, r, in);
    }

    private String planText(RapidFirePlan plan, List<String> production, List<DispatchChain> chains) {
        StringBuilder sb = new StringBuilder("rapid-fire would dispatch:\n");
        for (int i = 0; i < plan.count(); i++) {
            sb.append("  ").append(i + 1).append(". ").append(plan.workflowOf(i)).append("@").append(plan.ref())
                    .append(plan.inputs().isEmpty() ? "" : " " + plan.inputs()).append(plan.asDependabot() && i == 0 ? " as dependabot[bot]" : "")
                    .append(i == 0 ? "" : "  " + gap + " later").append('\n');
        }
        sb.append("then observe until every run ends (at most ").append(timeout).append(")")
                .append(plan.cancelAfter() ? " and cancel those still pending" : "");
        for (DispatchChain c : chains) {
            if (c.chained().isEmpty()) continue;
            sb.append("\n").append(chains.size() == 1 ? "each run" : "each " + c.root() + " run").append(" sets off (from the workflow files):");
            for (DispatchChain.Link l : c.links()) sb.append("\n").append(chainLine(c, l));
        }
        for (DispatchChain c : chains) for (String item : c.productionItems()) sb.append("\nproduction-like: ").append(item);
        if (!production.isEmpty() && !allowProduction) sb.append("\nrefused without --allow-production");
        return sb.toString();
    }

    /** One link, indented by depth: "deploy-prod.yml  workflow_run of build-and-promote.yml; environments: production  PRODUCTION". */
    static String chainLine(DispatchChain c, DispatchChain.Link l) {
        StringBuilder sb = new StringBuilder("  ".repeat(l.depth() + 1)).append(l.workflow()).append("  ");
        DispatchChain.Link parent = l.parent() < 0 ? null : c.links().get(l.parent());
        switch (l.via()) {
            case DISPATCH -> sb.append("dispatched");
            case USES -> sb.append("called by ").append(parent.workflow()).append(" (job ").append(l.job()).append(")");
            case WORKFLOW_RUN -> sb.append("workflow_run of ").append(parent.workflow());
        }
        if (l.external()) sb.append("; not read (another repository)");
        else sb.append("; environments: ").append(l.environments().isEmpty() ? "none" : String.join(", ", l.environments()));
        if (l.deploysProduction()) sb.append("  PRODUCTION");
        return sb.toString();
    }

    private Map<String, Object> dryRunJson(RapidFirePlan plan, List<String> production, List<DispatchChain> chains) {
        List<Map<String, Object>> dispatches = new ArrayList<>();
        for (int i = 0; i < plan.count(); i++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("index", i + 1);
            d.put("workflow", plan.workflowOf(i));
            d.put("ref", plan.ref());
            d.put("inputs", plan.inputs());
            d.put("asDependabot", plan.asDependabot() && i == 0);
            d.put("afterSeconds", plan.gap().multipliedBy(i).toMillis() / 1000.0);
            dispatches.add(d);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dryRun", true);
        m.put("dispatches", dispatches);
        m.put("timeoutSeconds", plan.timeout().toSeconds());
        m.put("cancelAfter", plan.cancelAfter());
        m.put("productionLike", production);
        List<Map<String, Object>> chainJson = new ArrayList<>();
        for (DispatchChain c : chains) {
            List<Map<String, Object>> links = new ArrayList<>();
            for (DispatchChain.Link l : c.links()) {
                Map<String, Object> lm = new LinkedHashMap<>();
                lm.put("workflow", l.workflow());
                lm.put("via", l.via().word());
                lm.put("from", l.parent() < 0 ? null : c.links().get(l.parent()).workflow());
                lm.put("job", l.job());
                lm.put("depth", l.depth());
                lm.put("path", c.path(l));
                lm.put("environments", l.environments());
                lm.put("production", l.production());
                lm.put("deploysProduction", l.deploysProduction());
                lm.put("external", l.external());
                links.add(lm);
            }
            Map<String, Object> chain = new LinkedHashMap<>(); // keys in order: workflow, links
            chain.put("workflow", c.root());
            chain.put("links", links);
            chainJson.add(chain);
        }
        m.put("chains", chainJson);
        m.put("refused", !production.isEmpty() && !allowProduction);
        return m;
    }

    static Path jsonPath(Path report) {
        return report.resolveSibling(report.getFileName() + ".json");
    }

    /** Fails before anything is dispatched rather than after a half-hour test. */
    private static void checkWritable(Path report) {
        Path dir = report.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IllegalArgumentException("--report " + report + ": no such directory " + dir);
        if (!Files.isWritable(dir)) throw new IllegalArgumentException("--report " + report + ": cannot write in " + dir);
        if (Files.isDirectory(report)) throw new IllegalArgumentException("--report " + report + " is a directory");
    }
}

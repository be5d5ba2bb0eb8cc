package dev.baton.command;

import dev.baton.github.DispatchResult;
import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubSettings;
import dev.baton.github.WorkflowCatalog;
import dev.baton.probe.RapidFire;
import dev.baton.probe.RapidFirePlan;
import dev.baton.probe.Verdict;
import dev.baton.watch.Gantt;
import dev.baton.workflow.Expressions;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.WorkflowSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

@Mutating
@Command(name = "rapid-fire", description = "Dispatch runs in quick succession and judge whether their groups serialized them")
final class RapidFireCommand extends BaseCommand {
    /** "prod", "production", "prd" as a word: deploy-production, prod, production-auto - not preprod. */
    static final Pattern PRODUCTION = Pattern.compile("(^|[^a-z])(prod|production|prd)([^a-z]|$)", Pattern.CASE_INSENSITIVE);

    @Parameters(index = "0", paramLabel = "WORKFLOW[,WORKFLOW...]", split = ",", description = "workflow files, dispatched round-robin")
    List<String> workflows;
    @Option(names = "--count", defaultValue = "2", description = "how many runs (default 2)")
    int count;
    @Option(names = "--gap", defaultValue = "2s", description = "time between dispatches (default 2s)")
    String gap;
    @Option(names = "--ref", defaultValue = "main", description = "branch or tag (default main)")
    String ref;
    @Option(names = {"-f", "--field"}, paramLabel = "KEY=VALUE", description = "workflow input")
    Map<String, String> inputs = new LinkedHashMap<>();
    @Option(names = "--as-dependabot", description = "make the first dispatch Dependabot's (needs BATON_DEPENDABOT_TOKEN)")
    boolean asDependabot;
    @Option(names = "--timeout", defaultValue = "30m", description = "stop observing after this long (default 30m)")
    String timeout;
    @Option(names = "--cancel-after", description = "cancel this test's runs still pending at the end (never running ones)")
    boolean cancelAfter;
    @Option(names = "--report", paramLabel = "FILE", description = "write FILE (Markdown) and FILE.json")
    Path report;
    @Option(names = "--dry-run", description = "show what would be dispatched, dispatch nothing")
    boolean dryRun;
    @Option(names = "--allow-production", description = "allow workflows whose groups or environments look like production (asks to confirm)")
    boolean allowProduction;
    @Option(names = "--yes", description = "confirm --allow-production without typing")
    boolean yes;
    @Option(names = "--poll", defaultValue = "1s", hidden = true, description = "observation interval")
    String poll;

    @Override
    protected Result execute() throws InterruptedException, IOException {
        RapidFirePlan plan = new RapidFirePlan(workflows, count, Config.duration(gap, null, "--gap"), ref, inputs, asDependabot,
                Config.duration(timeout, null, "--timeout"), cancelAfter);
        WorkflowCatalog catalog = WorkflowCatalog.load(session.github());
        List<String> production = new ArrayList<>();
        for (String wf : new LinkedHashSet<>(plan.workflows())) {
            WorkflowSpec spec = catalog.workflow(wf).orElseThrow(() -> new IllegalArgumentException("no workflow file " + wf + " in " + session.repo()));
            if (!spec.triggeredBy("workflow_dispatch")) throw new IllegalArgumentException(wf + " has no workflow_dispatch trigger");
            for (String name : productionNames(spec)) production.add(wf + ": " + name);
        }
        StringBuilder planText = new StringBuilder("would dispatch:\n");
        for (int i = 0; i < count; i++) {
            planText.append("  ").append(i + 1).append(". ").append(plan.workflowOf(i)).append("@").append(ref)
                    .append(inputs.isEmpty() ? "" : " " + inputs).append(asDependabot && i == 0 ? " as dependabot[bot]" : "")
                    .append(i == 0 ? "" : " after " + gap).append('\n');
        }
        if (!production.isEmpty()) planText.append("production-like: ").append(production).append('\n');
        if (dryRun) return Result.ok(planText.toString().stripTrailing(), Map.of("dryRun", true, "plan", plan, "production", production));

        Guard guard = new Guard(session);
        if (!production.isEmpty()) {
            if (!allowProduction) {
                String msg = "refused: " + production + " look like production; pass --allow-production to test it anyway";
                guard.refuse("rapid-fire", String.join(",", workflows), null, null, msg);
                return Result.error(Exit.REFUSED, "rapid-fire: " + msg);
            }
            Guard.Outcome o = guard.run("rapid-fire", String.join(",", workflows), plan, null,
                    planText + "This dispatches " + count + " PRODUCTION deploys.", String.join(",", workflows), yes, null,
                    () -> Guard.Outcome.done("confirmed", "production rapid-fire confirmed"));
            if (o.exitCode() != Exit.OK) return Result.error(o.exitCode(), "rapid-fire: " + o.message());
        } else {
            guard.journal().append("rapid-fire", String.join(",", workflows), plan, null, "started", count + " dispatches");
        }
        RapidFire.Dispatcher dispatcher = dispatcher();
        RapidFire fire = new RapidFire(session.github(), session.engine(), dispatcher, Clock.systemUTC(),
                Config.duration(poll, Duration.ofSeconds(1), "--poll"), session::stream);
        Verdict v = fire.run(plan);
        List<String> timeline = timeline(v);
        if (report != null) {
            Files.writeString(report, v.markdown(timeline));
            Files.writeString(Path.of(report + ".json"), Json.pretty(v));
        }
        String text = v.text() + (timeline.isEmpty() ? "" : "\n\n" + String.join("\n", timeline))
                + (report == null ? "" : "\nreport: " + report + " and " + report + ".json");
        return new Result(v.pass() ? Exit.OK : Exit.CHECK_FAILED, text, v);
    }

    /** The test's runs as a text Gantt, one chart for all groups (bars are labelled with their group). */
    static List<String> timeline(Verdict v) {
        List<Gantt.Bar> bars = new ArrayList<>();
        for (Verdict.RunResult r : v.runs()) {
            bars.add(new Gantt.Bar("#" + r.runNumber() + " " + r.workflow() + " " + (r.group().startsWith("(no group)") ? "no group" : r.group()),
                    r.dispatchedAt(), r.startedAt(), r.endedAt(), r.outcome().equals("evicted")));
        }
        return Gantt.render("rapid-fire", bars, v.from(), v.to(), 60);
    }

    private RapidFire.Dispatcher dispatcher() {
        GitHubClient bot;
        if (asDependabot) {
            String token = session.env().get("BATON_DEPENDABOT_TOKEN");
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("--as-dependabot needs BATON_DEPENDABOT_TOKEN, a token whose actor is dependabot[bot] (the sandbox exports one)");
            }
            String api = Session.firstNonBlank(session.repoConfig() == null ? null : session.repoConfig().apiUrl(), session.env().get("GITHUB_API_URL"));
            bot = new GitHubClient(new GitHubSettings(api, token, session.repo(), null, Duration.ofSeconds(10)));
        } else {
            bot = null;
        }
        return (wf, r, in, dependabot) -> {
            DispatchResult res = dependabot ? bot.dispatch(wf, r, in) : session.github().dispatch(wf, r, in);
            return res;
        };
    }

    /** Group names and possible environment names of a workflow that look like production. */
    static Set<String> productionNames(WorkflowSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        List<String> texts = new ArrayList<>();
        if (spec.concurrency() != null) texts.add(spec.concurrency().group());
        for (JobSpec j : spec.jobs()) {
            if (j.concurrency() != null) texts.add(j.concurrency().group());
            if (j.environment() != null) texts.add(j.environment());
        }
        for (String t : texts) {
            Set<String> values = Expressions.hasExpression(t) ? Expressions.possibleValues(t, Map.of()).values() : Set.of(t);
            for (String v : values) if (PRODUCTION.matcher(v).find()) names.add(v);
            if (values.isEmpty() && PRODUCTION.matcher(t).find()) names.add(t);
        }
        return names;
    }
}

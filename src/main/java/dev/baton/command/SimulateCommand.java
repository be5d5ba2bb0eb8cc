package dev.baton.command;

import dev.baton.render.TimeRender;
import dev.baton.render.TimelineRender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.lint.RepoLoader;
import dev.baton.model.Overlaps;
import dev.baton.model.Simulation;
import dev.baton.workflow.InputLimits;
import dev.baton.workflow.WorkflowException;
import dev.baton.workflow.WorkflowParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * "What happens if three PRs merge within a minute?" answered before it happens: a repository's real
 * workflow files played through the sandbox's GitHub Actions rules with a scenario's events. Changes
 * nothing anywhere (the sandbox is private to the command), so it is not {@link Mutating}.
 */
@Command(name = "simulate", description = "Predict which runs a burst of merges or dispatches would run, queue, evict or overlap")
final class SimulateCommand extends BaseCommand {
    static final String NOT_WIRED = "simulate: no simulation engine in this baton (its entry point did not wire the sandbox's)";
    static final List<String> ORDER = List.of(Simulation.SUCCESS, Simulation.FAILURE, Simulation.EVICTED, Simulation.CANCELLED,
            Simulation.SKIPPED, Simulation.WAITING, Simulation.RUNNING);

    /** Columns of a chart: indented by two, it fits {@link Text#WRAP}. */
    static final int CHART_WIDTH = Text.WRAP - 2;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH",
            description = "a checkout, its .github/workflows folder or one workflow file (default: the configured repository "
                    + "through the API, else the sandbox's default repository)")
    Path path;
    @Option(names = "--scenario", required = true, paramLabel = "FILE|NAME",
            description = "a scenario YAML file, or a built-in one: rapid-merges, dependabot-vs-human, orphaned-lock, incident, idle")
    String scenario;
    @Option(names = "--speed", defaultValue = "max", paramLabel = "max|N",
            description = "max (default): as fast as possible; N: N simulated seconds per real second, printing each run change as it happens")
    String speed;

    @Override
    protected Result execute() throws IOException {
        Simulator simulator = baton.simulator();
        if (simulator == null) return Result.error(Exit.BACKEND, NOT_WIRED);
        double factor = speed();
        String name = scenario;
        String yaml = null;
        Path file = Path.of(scenario);
        if (Files.isRegularFile(file)) {
            yaml = InputLimits.read(file, "a scenario");
            name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        } else if (scenario.endsWith(".yml") || scenario.endsWith(".yaml") || scenario.contains("/")) {
            throw new IllegalArgumentException("no such scenario file: " + scenario);
        }
        String source;
        Map<String, String> files;
        if (path != null) {
            source = path.toString();
            files = local(path);
        } else if (baton.repoConfig() != null) {
            source = baton.repo().toString();
            files = RepoFiles.fetch(baton.github(), baton.repoConfig().backendDirs());
            if (files.keySet().stream().noneMatch(p -> p.startsWith(RepoFiles.WORKFLOWS + "/"))) {
                throw new IllegalArgumentException(source + " has no workflow files in " + RepoFiles.WORKFLOWS);
            }
        } else {
            source = "the sandbox's default repository";
            files = Map.of();
        }
        files.forEach((p, text) -> InputLimits.check(p, text, "a workflow or backend file")); // a refusal, before any parsing
        refuseOversizedMatrices(files);
        Consumer<String> progress = factor > 0 ? io::stream : null;
        Simulation sim = simulator.simulate(files, name, yaml, factor, progress);
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("source", source);
        json.setAll((ObjectNode) Json.MAPPER.valueToTree(sim));
        return Result.ok(text(source, sim), json);
    }

    /**
     * A matrix over GitHub's 256 jobs is refused here (exit 2, one line) rather than played: GitHub fails such
     * a run at once, and expanding a 1000x1000 matrix would be a million simulated jobs. Other invalid
     * workflows are the simulator's to report (GitHub does not run them: a note in the prediction).
     */
    private static void refuseOversizedMatrices(Map<String, String> files) {
        files.forEach((p, text) -> {
            if (!p.startsWith(RepoFiles.WORKFLOWS + "/") || !(p.endsWith(".yml") || p.endsWith(".yaml"))) return;
            try {
                WorkflowParser.parse(p, text);
            } catch (WorkflowException e) {
                if (WorkflowParser.MATRIX_LIMIT.equals(e.code())) throw e;
            }
        });
    }

    private double speed() {
        if (speed.equalsIgnoreCase("max")) return 0;
        try {
            double d = Double.parseDouble(speed);
            if (d > 0 && !Double.isInfinite(d)) return d;
        } catch (NumberFormatException e) {
            // fall through to the one-line error
        }
        throw new IllegalArgumentException("--speed takes max or a positive number, not '" + speed + "'");
    }

    /** Workflow files keep their .github/workflows/ path even when PATH is that folder or one file. */
    static Map<String, String> local(Path path) {
        Map<String, String> out = new TreeMap<>();
        RepoLoader.load(path).rawFiles().forEach((p, text) -> {
            boolean bare = !p.contains("/") && (p.endsWith(".yml") || p.endsWith(".yaml"));
            out.put(bare ? RepoFiles.WORKFLOWS + "/" + p : p, text);
        });
        if (out.keySet().stream().noneMatch(p -> p.startsWith(RepoFiles.WORKFLOWS + "/"))) {
            throw new IllegalArgumentException("no workflow files in " + path);
        }
        return out;
    }

    /**
     * Fits {@link Text#WRAP} columns (an 80-column terminal, the screen's pop-up): each run on one row of
     * times and outcome, its trigger and detail on an indented line below, then a Gantt per group.
     */
    static String text(String source, Simulation sim) {
        StringBuilder sb = new StringBuilder();
        sb.append(Text.wrap("simulate " + source + ", scenario " + sim.scenario(), Text.WRAP, "  ")).append('\n');
        sb.append(summary(sim)).append('\n');
        if (!sim.events().isEmpty()) {
            sb.append("\nevents\n");
            for (Simulation.Step e : sim.events()) {
                sb.append(Text.wrap("  " + String.format("%-7s", TimeRender.offset(e.at())) + " " + e.what(), Text.WRAP, " ".repeat(10))).append('\n');
            }
        }
        if (!sim.runs().isEmpty()) {
            sb.append("\nruns (times from the scenario's start)\n");
            List<List<String>> rows = new ArrayList<>();
            rows.add(Text.row("RUN", "CREATED", "STARTED", "ENDED", "OUTCOME"));
            for (Simulation.SimulatedRun r : sim.runs()) {
                rows.add(Text.row(r.label(), at(sim, r.createdAt()), at(sim, r.startedAt()), at(sim, r.endedAt()), r.outcome()));
            }
            List<String> table = Text.table(rows, "  ").lines().toList();
            sb.append(table.get(0)).append('\n');
            for (int i = 0; i < sim.runs().size(); i++) {
                Simulation.SimulatedRun r = sim.runs().get(i);
                sb.append(table.get(i + 1)).append('\n');
                String why = r.event() + " by " + r.actor() + " (" + TimeRender.shortSha(r.headSha()) + ")"
                        + (r.group() == null ? ", no group" : " in " + r.group()) + (r.detail().isEmpty() ? "" : "; " + r.detail());
                sb.append(Text.wrap("      " + why, Text.WRAP, "      ")).append('\n');
            }
            sb.append("\ntimeline\n");
            for (String line : timeline(sim)) sb.append(line.isEmpty() ? "" : "  ").append(line.stripTrailing()).append('\n');
        }
        if (!sim.notes().isEmpty()) {
            sb.append("\nassumptions\n");
            for (String n : sim.notes()) sb.append(Text.wrap("  - " + n, Text.WRAP, "    ")).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** "9 runs: 5 success, 2 evicted, 2 skipped; no overlap", then "; 1 lock left behind" when one is */
    static String summary(Simulation sim) {
        if (sim.runs().isEmpty()) return "no runs";
        List<String> parts = new ArrayList<>();
        for (String o : ORDER) {
            int n = sim.withOutcome(o).size();
            if (n > 0) parts.add(n + " " + o);
        }
        long overlapping = sim.runs().stream().filter(r -> !r.overlaps().isEmpty()).count();
        return sim.runs().size() + " run" + (sim.runs().size() == 1 ? "" : "s") + ": " + String.join(", ", parts)
                + "; " + (overlapping == 0 ? "no overlap" : overlapping + " overlapping")
                + (sim.locksLeft().isEmpty() ? "" : "; " + sim.locksLeft().size() + (sim.locksLeft().size() == 1 ? " lock" : " locks") + " left behind");
    }

    /** One Gantt per group (runs without one: per workflow), so OVERLAP marks only runs that share a target. */
    static List<String> timeline(Simulation sim) {
        Map<String, List<TimelineRender.Bar>> charts = new LinkedHashMap<>();
        Map<String, Set<Long>> members = new HashMap<>();
        for (Simulation.SimulatedRun r : sim.runs()) {
            String chart = r.group() != null ? "group " + r.group() : r.workflow() + " (no group)";
            members.computeIfAbsent(chart, k -> new HashSet<>()).add(r.id());
            charts.computeIfAbsent(chart, k -> new ArrayList<>())
                    .add(new TimelineRender.Bar(r.workflow().replaceFirst("\\.ya?ml$", "") + " #" + r.runNumber() + " " + r.actor(), r.createdAt(), r.startedAt(),
                            r.endedAt(), r.outcome().equals(Simulation.EVICTED), r.outcome().equals(Simulation.SKIPPED)));
        }
        List<String> out = new ArrayList<>();
        Instant to = sim.end().isAfter(sim.start()) ? sim.end() : sim.start().plusSeconds(1);
        charts.forEach((title, bars) -> {
            if (!out.isEmpty()) out.add("");
            // OVERLAP marks when a run of this chart deployed an environment another run deployed at once (the
            // summary's count), not merely when two runs were alive: a plan job beside a deploy is no race
            List<Overlaps.Span> marks = sim.overlaps().stream().filter(o -> members.get(title).contains(o.a()) || members.get(title).contains(o.b()))
                    .map(o -> new Overlaps.Span(o.from(), o.to())).toList();
            out.addAll(TimelineRender.chart(title, bars, sim.start(), to, CHART_WIDTH, ZoneOffset.UTC, TimelineRender.Marks.ASCII, marks));
        });
        return out;
    }

    /** "+1m05s" after the scenario's start, a duration as everywhere else (render/TimeRender.offset). */
    private static String at(Simulation sim, Instant t) {
        return TimeRender.offset(sim.start(), t);
    }
}

package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.Overlaps;
import dev.baton.model.RunStatus;
import dev.baton.model.Simulation;
import dev.baton.model.Times;
import dev.baton.workflow.EnvironmentFamily;
import dev.baton.workflow.WorkflowException;
import dev.baton.workflow.WorkflowParser;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

// Just over 400 lines: one prediction's lifecycle (a fresh engine and S3, the scenario's events, the run to a
// standstill, the classification of every run) in the order it happens.
/**
 * What-if runs for the simulate command: a repository's real workflow files in a fresh engine with the
 * scenario's events, run until nothing more can happen, then every run classified (ran, evicted, waiting,
 * overlapping). The same engine, rules and scenario loader as the live sandbox, so the prediction is what
 * the sandbox then does.
 * <p>
 * Terraform steps lock an in-process S3 (s3proxy, about a second to start) exactly as in the live sandbox:
 * without a state backend every apply fails like Terraform without credentials, the promotion chain
 * (dev, then preprod, then production, each triggered by the previous run's success) never starts, and
 * state-lock waits (-lock-timeout, -lock=false) would not be part of the prediction.
 * <p>
 * Entry points wire it into the command layer as {@code baton.simulator(new SandboxSimulator()::simulate)}.
 * <p>
 * About 410 lines, over ~400 on purpose: the what-if loop and the classification of its runs (ran, evicted and by
 * whom, waiting, overlapping, first error) read as one story from scenario to prediction; the engine, its rules,
 * the scenario and the S3 sandbox are classes of their own.
 */
public final class SandboxSimulator {
    /** How long after the last event the simulation may run before it stops with runs unfinished. */
    public static final Duration HORIZON = Duration.ofHours(6);
    private static final String WORKFLOWS = ".github/workflows/";
    /** "Canceling since a higher priority waiting request for '" - the group name follows. */
    private static final String EVICTION_PREFIX = GroupRules.EVICTION.substring(0, GroupRules.EVICTION.indexOf("%s"));

    /**
     * @param repoFiles    path -> text of the repository to simulate: its .github/workflows files replace the
     *                     sandbox repository's, its other files (backend .hcl, *.tf) are added; empty = the
     *                     sandbox's default repository
     * @param scenarioName a built-in scenario, or the name to show for scenarioYaml
     * @param scenarioYaml scenario YAML (docs/sandbox.md); null = the built-in scenarioName
     * @param speed        0 = as fast as possible on a manual clock; N = N sim seconds per real second
     * @param progress     receives a line whenever a run changes (null: none)
     * @throws IllegalArgumentException a one-line reason: unknown or malformed scenario, no workflow files
     */
    public Simulation simulate(Map<String, String> repoFiles, String scenarioName, String scenarioYaml, double speed,
                               Consumer<String> progress) {
        if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) throw new IllegalArgumentException("speed must be 0 (as fast as possible) or a positive number");
        Scenario scenario = scenarioYaml == null ? Scenario.load(scenarioName) : Scenario.parse(scenarioName, scenarioYaml);
        EngineOptions base = speed == 0 ? EngineOptions.manual()
                : EngineOptions.realtime(speed).withStart(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        EngineOptions options = scenario.apply(base);
        options = options.withExtraFiles(replacing(repoFiles == null ? Map.of() : repoFiles, options.overlays()));
        try (S3Sandbox s3 = S3Sandbox.start(); S3Client client = s3.newClient()) {
            SimEngine engine = SimEngine.create(options.withS3(client));
            try {
                return run(engine, scenario, options, progress, client);
            } finally {
                engine.close();
            }
        }
    }

    /** extraFiles that drop the sandbox repository's workflows (overlays included) and add the given files. */
    static Map<String, String> replacing(Map<String, String> repoFiles, List<String> overlays) {
        if (repoFiles.isEmpty()) return Map.of();
        if (repoFiles.keySet().stream().noneMatch(SandboxSimulator::isWorkflow)) {
            throw new IllegalArgumentException("no workflow files (.github/workflows/*.yml) to simulate");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (String path : RepoContent.load(overlays, Map.of()).files.keySet()) if (isWorkflow(path)) extra.put(path, null);
        extra.putAll(repoFiles);
        return extra;
    }

    private static boolean isWorkflow(String path) {
        return path.startsWith(WORKFLOWS) && path.indexOf('/', WORKFLOWS.length()) < 0 && (path.endsWith(".yml") || path.endsWith(".yaml"));
    }

    private Simulation run(SimEngine engine, Scenario scenario, EngineOptions options, Consumer<String> progress, S3Client s3) {
        SandboxState state = engine.state();
        Duration last = scenario.events().stream().map(Scenario.Event::at).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        scenario.schedule(engine);
        // queued after the scenario's own events, so it runs after the last of them even at the same instant
        AtomicBoolean eventsDone = new AtomicBoolean();
        engine.atOffset(last, "simulation: events done", () -> eventsDone.set(true));
        boolean approvals = options.autoApproveAfter() != null;
        Progress watcher = new Progress(state, progress);
        BooleanSupplier settled = () -> {
            watcher.check();
            return eventsDone.get() && settled(state, approvals);
        };
        boolean finished;
        if (engine.speed() == 0) {
            finished = engine.runUntil(settled, last.plus(HORIZON));
        } else {
            Duration real = Duration.ofNanos((long) (last.plus(HORIZON).toNanos() / engine.speed()));
            finished = engine.awaitUntil(settled, real);
        }
        return report(state, scenario, options, engine.store.content, finished, new TerraformS3(s3).locks());
    }

    /** Nothing more can happen: no run queued or in progress, and none waits for an approval that will come. */
    private static boolean settled(SandboxState state, boolean approvals) {
        for (SimRun r : state.runs(RunQuery.ALL)) {
            if (r.status() == RunStatus.QUEUED || r.status() == RunStatus.IN_PROGRESS) return false;
            if (r.status() == RunStatus.WAITING && approvals) return false;
            if (r.status() == RunStatus.PENDING && hasLiveJobWork(state, r)) return false;
        }
        return true;
    }

    /** A pending run whose jobs still move (a job-level group member that will be released). */
    private static boolean hasLiveJobWork(SandboxState state, SimRun r) {
        return state.jobs(r.id()).stream().anyMatch(j -> j.status() == RunStatus.IN_PROGRESS || j.status() == RunStatus.QUEUED);
    }

    /** Lines for the progress sink: each run's status changes as they happen. */
    private static final class Progress {
        private final SandboxState state;
        private final Consumer<String> sink;
        private final Map<Long, String> seen = new HashMap<>();
        private long version = -1;

        Progress(SandboxState state, Consumer<String> sink) {
            this.state = state;
            this.sink = sink;
        }

        void check() {
            if (sink == null || state.version() == version) return;
            version = state.version();
            List<SimRun> runs = new ArrayList<>(state.runs(RunQuery.ALL));
            runs.sort(Comparator.comparing(SimRun::createdAt).thenComparingLong(SimRun::id));
            for (SimRun r : runs) {
                String now = r.completed() ? "completed " + r.conclusion().api() : r.status().api();
                if (now.equals(seen.put(r.id(), now))) continue;
                sink.accept(Times.clock(state.now()) + "  " + file(r.workflowPath()) + " #" + r.runNumber() + " (" + r.event() + " by "
                        + r.actor() + ") " + now + (r.group() == null ? "" : "  [" + r.group() + "]"));
            }
        }
    }

    // ---------------------------------------------------------------- classification

    private static Simulation report(SandboxState state, Scenario scenario, EngineOptions options, RepoContent content, boolean finished,
                                     Map<String, Map<String, String>> lockObjects) {
        return state.atomically(() -> {
            Instant end = state.now();
            List<SimRun> runs = new ArrayList<>(state.runs(RunQuery.ALL));
            runs.sort(Comparator.comparing(SimRun::createdAt).thenComparingLong(SimRun::id));
            Map<Long, List<SimJob>> jobs = new HashMap<>();
            for (SimRun r : runs) jobs.put(r.id(), state.jobs(r.id()));
            List<Simulation.Overlap> overlaps = overlaps(runs, jobs, end);
            Map<Long, Set<Long>> overlapping = new TreeMap<>();
            for (Simulation.Overlap o : overlaps) {
                overlapping.computeIfAbsent(o.a(), k -> new LinkedHashSet<>()).add(o.b());
                overlapping.computeIfAbsent(o.b(), k -> new LinkedHashSet<>()).add(o.a());
            }
            Set<String> gated = new HashSet<>();
            content.environments.forEach((env, reviewers) -> {
                if (!reviewers.isEmpty()) gated.add(env);
            });
            List<Simulation.SimulatedRun> out = new ArrayList<>();
            for (SimRun r : runs) out.add(classify(state, r, runs, jobs.get(r.id()), overlapping.getOrDefault(r.id(), Set.of()), gated));
            List<Simulation.LeftLock> left = locksLeft(state, runs, jobs, lockObjects);
            List<String> notes = notes(content, options, scenario, out, finished, left);
            return new Simulation(scenario.name(), scenario.description(), options.start(), end, steps(scenario), out, notes, overlaps, left);
        });
    }

    /**
     * Lock objects still in the bucket, each with the run whose job wrote it: Terraform writes "Who" as
     * user@host, and the runner logs its machine name, so the job whose runner is that host wrote it.
     */
    private static List<Simulation.LeftLock> locksLeft(SandboxState state, List<SimRun> runs, Map<Long, List<SimJob>> jobs,
                                                      Map<String, Map<String, String>> lockObjects) {
        List<Simulation.LeftLock> out = new ArrayList<>();
        lockObjects.forEach((path, info) -> {
            String who = info.getOrDefault("Who", "");
            String host = who.substring(who.indexOf('@') + 1);
            long run = 0;
            for (SimRun r : runs) {
                for (SimJob j : jobs.get(r.id())) {
                    boolean wrote = !host.isEmpty() && state.jobLog(j.id()).orElse(List.of()).stream()
                            .anyMatch(l -> l.text().contains("Machine name: '" + host + "'"));
                    if (wrote) run = r.id();
                }
            }
            Instant created;
            try {
                created = Instant.parse(info.getOrDefault("Created", ""));
            } catch (java.time.format.DateTimeParseException e) {
                created = null;
            }
            int slash = path.indexOf('/');
            out.add(new Simulation.LeftLock(path.substring(0, slash), path.substring(slash + 1), info.getOrDefault("ID", ""),
                    info.getOrDefault("Operation", ""), created, run));
        });
        return out;
    }

    private static Simulation.SimulatedRun classify(SandboxState state, SimRun r, List<SimRun> all, List<SimJob> jobs, Set<Long> overlaps,
                                                    Set<String> gated) {
        boolean ran = jobs.stream().anyMatch(j -> j.startedAt() != null && j.conclusion() != Conclusion.SKIPPED);
        String evictedFrom = null;
        for (SimJob j : jobs) {
            for (SimAnnotation a : state.annotations(j.checkRunId())) {
                if (a.message() != null && a.message().startsWith(EVICTION_PREFIX)) {
                    evictedFrom = a.message().substring(EVICTION_PREFIX.length(), a.message().lastIndexOf('\''));
                }
            }
        }
        String outcome;
        long replacedBy = 0;
        String detail = "";
        Duration waited = ran ? Duration.between(r.createdAt(), r.runStartedAt()) : null;
        if (!r.completed()) {
            outcome = r.status() == RunStatus.IN_PROGRESS ? Simulation.RUNNING : Simulation.WAITING;
            if (r.status() == RunStatus.WAITING) {
                detail = "waiting for approval" + jobs.stream().filter(j -> j.status() == RunStatus.WAITING && j.environment() != null)
                        .map(j -> " (" + j.environment() + ")").findFirst().orElse("");
            } else if (r.status() == RunStatus.PENDING) {
                detail = "pending in " + (r.group() != null ? r.group() : jobs.stream().map(SimJob::group).filter(g -> g != null).findFirst().orElse("its group"));
            } else {
                detail = "still running";
            }
        } else if (r.conclusion() == Conclusion.CANCELLED) {
            String group = evictedFrom != null ? evictedFrom : r.group();
            SimRun by = group == null ? null : replacement(r, group, all, state);
            if (by != null) replacedBy = by.id();
            if (!ran && by != null) {
                outcome = Simulation.EVICTED;
                detail = "evicted from " + group + " by " + file(by.workflowPath()) + " #" + by.runNumber();
            } else {
                outcome = Simulation.CANCELLED;
                detail = evictedFrom != null && by != null
                        ? "cancelled while running by " + file(by.workflowPath()) + " #" + by.runNumber() + " (cancel-in-progress in " + group + ")"
                        : "cancelled";
            }
        } else if (r.conclusion() == Conclusion.SUCCESS) {
            outcome = Simulation.SUCCESS;
            detail = waited != null && !waited.isZero() ? "waited " + Times.duration(waited) + approval(jobs, gated) : "";
        } else if (r.conclusion() == Conclusion.SKIPPED) {
            outcome = Simulation.SKIPPED;
            SimRun after = all.stream().filter(x -> x.id() == r.triggeringRunId()).findFirst().orElse(null);
            detail = "its jobs' if: was false" + (after == null ? ""
                    : " (after " + file(after.workflowPath()) + " #" + after.runNumber() + ", " + after.conclusion().api() + ")");
        } else {
            outcome = Simulation.FAILURE;
            detail = firstError(state, jobs);
        }
        if (!overlaps.isEmpty()) {
            detail = (detail.isEmpty() ? "" : detail + "; ") + "overlapped " + overlaps.stream()
                    .map(id -> all.stream().filter(x -> x.id() == id).findFirst().map(x -> file(x.workflowPath()) + " #" + x.runNumber()).orElse(String.valueOf(id)))
                    .reduce((a, b) -> a + ", " + b).orElse("");
        }
        List<String> envs = jobs.stream().map(SimJob::environment).filter(e -> e != null).distinct().toList();
        return new Simulation.SimulatedRun(r.id(), file(r.workflowPath()), r.workflowName(), r.runNumber(), r.event(), r.actor(),
                r.headSha(), r.displayTitle(), r.group(), envs, r.createdAt(), ran ? r.runStartedAt() : null,
                r.completed() ? r.updatedAt() : null, outcome, replacedBy, List.copyOf(overlaps), detail);
    }

    /** " (production needs approval)" when a job of the run deployed to an environment with reviewers. */
    private static String approval(List<SimJob> jobs, Set<String> gated) {
        return jobs.stream().map(SimJob::environment).filter(e -> e != null && gated.contains(e.toLowerCase(Locale.ROOT)))
                .findFirst().map(e -> " (" + e + " needs approval)").orElse("");
    }

    /**
     * The run that pushed r out of group: the newest run that entered the group (its workflow-level group, or
     * a job-level one) after r was created and no later than r ended. Eviction happens the instant it arrives.
     */
    private static SimRun replacement(SimRun r, String group, List<SimRun> all, SandboxState state) {
        SimRun best = null;
        for (SimRun o : all) {
            if (o.id() == r.id() || o.createdAt().isBefore(r.createdAt()) || o.createdAt().isAfter(r.updatedAt())) continue;
            if (o.createdAt().equals(r.createdAt()) && o.id() < r.id()) continue;
            boolean same = group.equalsIgnoreCase(String.valueOf(o.group()))
                    || state.jobs(o.id()).stream().anyMatch(j -> group.equalsIgnoreCase(String.valueOf(j.group())));
            if (same) best = o;
        }
        return best;
    }

    /**
     * Runs whose jobs deployed the same environment (variants like production-auto count as production) at the
     * same time, by the one overlap rule; a job still running is open until the simulation's end.
     */
    private static List<Simulation.Overlap> overlaps(List<SimRun> runs, Map<Long, List<SimJob>> jobs, Instant end) {
        Map<String, List<Long>> runOf = new LinkedHashMap<>();
        Map<String, List<Overlaps.Span>> spans = new LinkedHashMap<>();
        for (SimRun r : runs) {
            for (SimJob j : jobs.get(r.id())) {
                if (j.environment() == null || j.startedAt() == null || j.conclusion() == Conclusion.SKIPPED) continue;
                String target = EnvironmentFamily.of(j.environment());
                runOf.computeIfAbsent(target, k -> new ArrayList<>()).add(r.id());
                spans.computeIfAbsent(target, k -> new ArrayList<>()).add(new Overlaps.Span(j.startedAt(), j.completedAt()));
            }
        }
        List<Simulation.Overlap> out = new ArrayList<>();
        spans.forEach((target, list) -> {
            List<Long> ids = runOf.get(target);
            for (Overlaps.Overlap o : Overlaps.of(list, end)) {
                long a = ids.get(o.a()), b = ids.get(o.b());
                if (a != b) out.add(new Simulation.Overlap(Math.min(a, b), Math.max(a, b), target, o.from(), o.to()));
            }
        });
        out.sort(Comparator.comparing(Simulation.Overlap::from).thenComparingLong(Simulation.Overlap::a));
        return out;
    }


    /** The first error a failed job logged (Terraform's "Error: ..." or a runner ##[error]), shortened. */
    private static String firstError(SandboxState state, List<SimJob> jobs) {
        for (SimJob j : jobs) {
            if (j.conclusion() != Conclusion.FAILURE && j.conclusion() != Conclusion.TIMED_OUT) continue;
            for (SimLogLine l : state.jobLog(j.id()).orElse(List.of())) {
                // Terraform frames its errors in box-drawing characters: "│ Error: Backend initialization required"
                String t = l.text().strip().replace("##[error]", "").replaceFirst("^│\\s*", "");
                if (t.startsWith("Error") || l.text().contains("##[error]")) {
                    return j.name() + ": " + (t.length() > 100 ? t.substring(0, 97) + "..." : t);
                }
            }
            return j.name() + " failed";
        }
        return "failed";
    }

    private static List<String> notes(RepoContent content, EngineOptions options, Scenario scenario, List<Simulation.SimulatedRun> runs,
                                      boolean finished, List<Simulation.LeftLock> left) {
        List<String> notes = new ArrayList<>();
        content.files.forEach((path, text) -> {
            if (!isWorkflow(path)) return;
            try {
                WorkflowParser.parse(path, text);
            } catch (WorkflowException | IllegalArgumentException e) {
                notes.add(path + " did not load, so nothing triggers it (GitHub would not run it either): " + e.getMessage());
            }
        });
        List<String> gated = new ArrayList<>();
        content.environments.forEach((env, reviewers) -> {
            if (!reviewers.isEmpty()) gated.add(env + " (reviewers " + String.join(", ", reviewers) + ")");
        });
        if (!gated.isEmpty()) {
            notes.add("environments that wait for an approval, as in the sandbox's settings: " + String.join(", ", gated) + "; "
                    + (options.autoApproveAfter() == null ? "this scenario approves only with approve events"
                    : "approved " + Times.duration(options.autoApproveAfter()) + " after a run asks"));
        }
        notes.add("step durations are the sandbox runner's" + (scenario.events().isEmpty() ? "" : " (the scenario may override some)")
                + "; Terraform locks a real (in-process) S3 state bucket");
        for (Simulation.LeftLock l : left) {
            String by = runs.stream().filter(r -> r.id() == l.run()).findFirst()
                    .map(r -> " by " + r.label() + " (" + r.outcome() + ")").orElse("");
            notes.add("a state lock was left behind" + by + ": s3://" + l.bucket() + "/" + l.key() + " (ID " + l.id()
                    + "); every later plan or apply of that state fails until it is released (baton unlock)");
        }
        long open = runs.stream().filter(r -> r.endedAt() == null).count();
        if (!finished && open > 0) notes.add("stopped " + Times.duration(HORIZON) + " after the last event with " + open + " run(s) not finished");
        return notes;
    }

    private static List<Simulation.Step> steps(Scenario scenario) {
        List<Simulation.Step> out = new ArrayList<>();
        for (Scenario.Event e : scenario.events()) out.add(new Simulation.Step(e.at(), e.kind(), describe(e)));
        return out;
    }

    static String describe(Scenario.Event e) {
        Map<String, Object> a = e.args();
        String wf = a.get("workflow") == null ? "any workflow" : String.valueOf(a.get("workflow"));
        return switch (e.kind()) {
            case "merge" -> "merge by " + a.getOrDefault("actor", "sandbox-user") + ": " + a.getOrDefault("message", "Merge pull request");
            case "dependabot-merge" -> "merge by dependabot[bot]" + (a.get("message") == null ? "" : ": " + a.get("message"));
            case "dispatch" -> "dispatch " + wf + "@" + a.getOrDefault("ref", "main") + (a.get("actor") == null ? "" : " by " + a.get("actor"))
                    + (a.get("inputs") == null ? "" : " " + a.get("inputs"));
            case "approve" -> "approve the oldest run of " + wf + " waiting for a reviewer";
            case "cancel" -> "cancel the newest run of " + wf;
            case "crash" -> "runner of " + wf + " crashes during apply" + (a.get("after") == null ? "" : " after " + a.get("after"));
            case "fail-step" -> "step " + a.getOrDefault("step", "next") + " of " + wf + " fails";
            case "fault" -> "GitHub API faults " + (Boolean.TRUE.equals(a.get("off")) ? "off" : a);
            default -> e.kind() + " " + a;
        };
    }

    private static String file(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

}

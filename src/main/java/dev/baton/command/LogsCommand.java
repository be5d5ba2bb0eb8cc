package dev.baton.command;

import dev.baton.github.GitHubPort;
import dev.baton.model.Conclusion;
import dev.baton.model.Finding;
import dev.baton.model.Job;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

@Command(name = "logs", description = "Job logs of a run; a job still running shows its steps (GitHub has no live log of it); plain text unless stdout is a terminal without NO_COLOR")
final class LogsCommand extends BaseCommand {
    /** `logs --follow --json` that timed out: the lines so far by job, then timedOut (keys in this order). */
    record TimedOut(Map<String, List<String>> jobs, boolean timedOut) {
    }

    @Parameters(index = "0", paramLabel = "RUN", description = "the run id")
    long runId;
    @Option(names = "--job", description = "only the job with this name (or id)")
    String job;
    @Option(names = "--follow", description = "wait for running jobs and print their logs as they finish")
    boolean follow;
    @Option(names = "--grep", paramLabel = "RE", description = "only lines matching this regular expression")
    String grep;
    @Option(names = "--timeout", defaultValue = "30m", converter = DurationOption.Positive.class,
            description = "with --follow: give up after this long (default 30m)")
    DurationOption timeout;

    @Override
    protected Result execute() throws InterruptedException {
        Pattern filter;
        try {
            filter = grep == null ? null : Pattern.compile(grep);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--grep: " + e.getDescription());
        }
        GitHubPort gh = baton.github();
        Set<Long> printed = new HashSet<>();
        Map<String, List<String>> byJob = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Map<String, List<String>> live = new LinkedHashMap<>(); // jobs still running: their steps, as the screen shows them
        long deadline = System.nanoTime() + timeout.value().toNanos();
        boolean matchedJob = job == null;
        boolean plain = !io.colours();
        while (true) {
            notes.clear();
            live.clear();
            boolean running = false;
            List<Job> jobs = gh.jobs(runId);
            if (jobs.isEmpty()) {
                String why = noJobs();
                if (why != null) {
                    notes.add(why);
                    if (job != null) throw new IllegalArgumentException("run " + runId + " has no job named " + job + ": " + why);
                    break;
                }
                running = true; // not started yet: --follow waits for its jobs
            }
            for (Job j : jobs) {
                if (job != null && !job.equalsIgnoreCase(j.name()) && !job.equals(String.valueOf(j.id()))) continue;
                matchedJob = true;
                if (printed.contains(j.id())) continue;
                if (j.status() != RunStatus.COMPLETED) {
                    running |= j.status().alive();
                    live.put(j.name() + " (" + JobLogs.state(j) + ")", JobLogs.steps(j, baton.clock().instant()));
                    continue;
                }
                List<String> lines = new ArrayList<>();
                for (String l : gh.jobLog(j.id())) {
                    String line = plain ? withoutAnsi(l) : l; // a pipe, a file or NO_COLOR: no escape codes, in JSON either
                    if (filter == null || filter.matcher(line).find()) lines.add(line);
                }
                byJob.put(j.name(), lines);
                printed.add(j.id());
                if (follow) {
                    io.stream("== " + j.name() + " (" + j.conclusion().api() + ")");
                    lines.forEach(io::stream); // the screen's log pane shows their colours
                }
            }
            if (!matchedJob && !jobs.isEmpty()) throw new IllegalArgumentException("run " + runId + " has no job named " + job);
            if (!follow || !running) break;
            if (System.nanoTime() > deadline) {
                return new Result(Exit.CHECK_FAILED, "logs: timed out waiting for jobs to finish", new TimedOut(byJob, true));
            }
            baton.sleeper().sleep(baton.config().refreshInterval());
        }
        StringBuilder sb = new StringBuilder();
        if (!follow) {
            byJob.forEach((name, lines) -> {
                sb.append("== ").append(name).append('\n');
                lines.forEach(l -> sb.append(Text.withoutColours(l)).append('\n')); // the JSON keeps the codes
            });
        }
        if (!follow) {
            live.forEach((name, steps) -> {
                sb.append("== ").append(name).append('\n');
                steps.forEach(l -> sb.append(l).append('\n'));
            });
        }
        notes.forEach(n -> sb.append("(").append(n).append(")\n"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobs", byJob);
        json.put("notes", notes);
        json.put("steps", live);
        return Result.ok(sb.toString().stripTrailing(), json);
    }

    private static final Pattern ANSI = Pattern.compile("\u001b(\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001b]*(\u0007|\u001b\\\\)|[@-Z\\\\-_])");

    /** A log line without terminal escape sequences (colours, cursor moves, titles), as for a pipe. */
    static String withoutAnsi(String line) {
        return line.indexOf('\u001b') < 0 ? line : ANSI.matcher(line).replaceAll("");
    }

    /**
     * Why a run without jobs has no log, or null while it may still get jobs. A run evicted from its
     * concurrency group (cancelled while pending) never ran a job: GitHub keeps no log for it.
     */
    private String noJobs() {
        Run r = baton.github().run(runId);
        String label = r.workflowFile() + " #" + r.runNumber();
        if (r.status() != RunStatus.COMPLETED) {
            return follow ? null : "run " + runId + " (" + label + ") is " + r.status().api() + " and no job has started yet: no log so far";
        }
        if (r.conclusion() == Conclusion.CANCELLED) {
            String evicted = baton.snapshot().findings().stream()
                    .filter(f -> f.kind() == Finding.Kind.EVICTED && f.runId() == runId).map(Finding::summary).findFirst().orElse(null);
            return "run " + runId + " (" + label + ") was cancelled before any job started - "
                    + (evicted != null ? evicted : "evicted from its concurrency group by a newer run, or cancelled while it waited")
                    + " - so GitHub has no log for it";
        }
        return "run " + runId + " (" + label + ") ended " + r.conclusion().api() + " without running a job: there is no log";
    }
}

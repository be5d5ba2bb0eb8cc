package dev.baton.command;

import dev.baton.github.GitHubPort;
import dev.baton.model.Job;
import dev.baton.model.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

@Command(name = "logs", description = "Job logs of a run (finished jobs; GitHub has no live stream of a running job)")
final class LogsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run id")
    long runId;
    @Option(names = "--job", description = "only the job with this name (or id)")
    String job;
    @Option(names = "--follow", description = "wait for running jobs and print their logs as they finish")
    boolean follow;
    @Option(names = "--grep", paramLabel = "RE", description = "only lines matching this regular expression")
    String grep;
    @Option(names = "--timeout", defaultValue = "30m", description = "with --follow: give up after this long (default 30m)")
    String timeout;

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
        long deadline = System.nanoTime() + Config.positive(timeout, Duration.ofMinutes(30), "--timeout").toNanos();
        boolean matchedJob = job == null;
        while (true) {
            notes.clear();
            boolean running = false;
            for (Job j : gh.jobs(runId)) {
                if (job != null && !job.equalsIgnoreCase(j.name()) && !job.equals(String.valueOf(j.id()))) continue;
                matchedJob = true;
                if (printed.contains(j.id())) continue;
                if (j.status() != RunStatus.COMPLETED) {
                    running |= j.status().alive();
                    notes.add(j.name() + ": " + j.status().api() + " - its log is readable once it finishes");
                    continue;
                }
                List<String> lines = new ArrayList<>();
                for (String l : gh.jobLog(j.id())) if (filter == null || filter.matcher(l).find()) lines.add(l);
                byJob.put(j.name(), lines);
                printed.add(j.id());
                if (follow) {
                    io.stream("== " + j.name() + " (" + j.conclusion().api() + ")");
                    lines.forEach(io::stream); // the screen's log pane shows their colours
                }
            }
            if (!matchedJob) throw new IllegalArgumentException("run " + runId + " has no job named " + job);
            if (!follow || !running) break;
            if (System.nanoTime() > deadline) {
                return new Result(Exit.CHECK_FAILED, "logs: timed out waiting for jobs to finish", Map.of("jobs", byJob, "timedOut", true));
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
        notes.forEach(n -> sb.append("(").append(n).append(")\n"));
        return Result.ok(sb.toString().stripTrailing(), Map.of("jobs", byJob, "notes", notes));
    }
}

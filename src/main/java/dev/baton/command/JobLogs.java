package dev.baton.command;

import dev.baton.github.GitHubPort;
import dev.baton.model.Job;
import dev.baton.model.RunStatus;
import dev.baton.model.Step;
import dev.baton.render.TimeRender;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's logs as the screen's log pane and `logs` read them. GitHub serves a job's log only once the job
 * has ended, so a running job shows its steps instead, live from the jobs API (status and duration, as
 * `gh run watch` does), until the log exists.
 */
public final class JobLogs {
    static final String NO_LIVE_LOG = "GitHub has no live log of a running job; its steps until it ends:";

    private JobLogs() {
    }

    /** One job's log (or its live steps), or every job of the run with a header line each. */
    public static List<String> lines(GitHubPort github, long runId, Long jobId, Instant now) {
        List<String> out = new ArrayList<>();
        for (Job j : github.jobs(runId)) {
            if (jobId != null && j.id() != jobId) continue;
            if (jobId == null) out.add("== " + j.name() + " (" + state(j) + ")");
            if (j.status() == RunStatus.COMPLETED) out.addAll(github.jobLog(j.id()));
            else out.addAll(steps(j, now));
        }
        if (jobId != null && out.isEmpty()) out.addAll(github.jobLog(jobId)); // not in the run's listing: ask for it directly
        return out;
    }

    /** "in_progress", or the conclusion of a completed job. */
    static String state(Job j) {
        return j.status() == RunStatus.COMPLETED && j.conclusion() != null ? j.conclusion().api() : j.status().api();
    }

    /**
     * The steps of a job not yet ended, one row each: state, number, name and how long it ran (so far, for the
     * running one). Queued jobs have no steps yet: one line says so.
     */
    static List<String> steps(Job j, Instant now) {
        List<String> out = new ArrayList<>();
        if (j.steps().isEmpty()) {
            out.add("   (" + j.status().api() + ": no steps yet; GitHub has no live log of a running job)");
            return out;
        }
        out.add("   (" + NO_LIVE_LOG + ")");
        int nameWidth = Math.min(48, j.steps().stream().mapToInt(s -> s.name().length()).max().orElse(0));
        for (Step s : j.steps()) {
            String state = s.status() == RunStatus.COMPLETED && s.conclusion() != null ? s.conclusion().api() : s.status().api();
            String took = s.startedAt() == null || s.conclusion() == dev.baton.model.Conclusion.SKIPPED ? ""
                    : TimeRender.duration(Duration.between(s.startedAt(), s.completedAt() != null ? s.completedAt() : now));
            String name = s.name().length() > nameWidth ? s.name().substring(0, nameWidth - 1) + "~" : s.name();
            out.add(String.format("   %-11s %2d  %-" + nameWidth + "s  %s", state, s.number(), name, took).stripTrailing());
        }
        return out;
    }
}

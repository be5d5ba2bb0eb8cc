package dev.baton.sandbox;

import dev.baton.workflow.WorkflowParser;
import dev.baton.workflow.WorkflowSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The engine's records: the repository (files, commits, branches), its workflows, runs, jobs and check-run
 * annotations, the id counters and the change counter. Guarded by the {@link Scheduler}'s lock; whatever
 * changes a record calls {@link #changed()}.
 */
final class SimStore {
    private static final Logger LOG = LoggerFactory.getLogger(SimStore.class);

    final EngineOptions options;
    final RepoContent content;
    /** Seeded: run and job ids, runner names, lock IDs, log line jitter. */
    final Random random;
    private final SimClock clock;
    final List<SimCommit> commits = new ArrayList<>();
    final Map<String, String> branches = new LinkedHashMap<>();
    final Map<Long, WorkflowDef> workflows = new LinkedHashMap<>();
    final Map<Long, RunState> runs = new LinkedHashMap<>();
    final Map<Long, JobState> jobs = new LinkedHashMap<>();
    private final Map<Long, List<SimAnnotation>> annotations = new LinkedHashMap<>();
    private long nextRunId;
    private long nextJobId;
    /** Seeds commit shas: empty for the default repository, so its shas stay what they always were. */
    private final String shaSalt;
    private long version;
    private final long repoId;

    SimStore(EngineOptions options, SimClock clock) {
        this.options = options;
        this.clock = clock;
        this.random = new Random(options.seed());
        this.content = RepoContent.load(options.overlays(), options.extraFiles(), options.repo());
        FleetRepo fleet = options.repo() != null ? options.repo() : FleetRepo.fleet(1).get(0);
        this.nextRunId = fleet.firstRunId();
        this.nextJobId = fleet.firstJobId();
        this.repoId = fleet.repoId();
        this.shaSalt = fleet.index() == 0 ? "" : fleet.fullName() + "/";
        Instant created = repoCreatedAt();
        SimCommit initial = new SimCommit(sha(shaSalt + "initial"), "Initial commit", content.defaultUser, created, content.defaultBranch);
        commits.add(initial);
        branches.put(content.defaultBranch, initial.sha());
        long wfId = fleet.firstWorkflowId();
        for (String path : content.files.keySet()) {
            if (!path.startsWith(".github/workflows/") || !(path.endsWith(".yml") || path.endsWith(".yaml"))) continue;
            WorkflowSpec spec = null;
            String error = null;
            try {
                spec = WorkflowParser.parse(path, content.files.get(path));
            } catch (RuntimeException e) {
                error = e.getMessage();
                LOG.warn("sandbox workflow {} does not load: {}", path, e.getMessage());
            }
            workflows.put(wfId, new WorkflowDef(wfId, path, spec, error, created));
            wfId += 7;
        }
    }

    Instant now() {
        return clock.now();
    }

    /** Grows by one on every state change: ETags and waits compare it. */
    long version() {
        return version;
    }

    void changed() {
        version++;
    }

    /** GitHub's run ids grow with gaps (other repositories' runs in between). */
    long newRunId() {
        nextRunId += 1 + random.nextInt(40);
        return nextRunId;
    }

    long newJobId() {
        nextJobId += 1 + random.nextInt(20);
        return nextJobId;
    }

    void addRun(RunState run) {
        runs.put(run.id, run);
    }

    void addJob(JobState job) {
        jobs.put(job.id, job);
    }

    /** A new commit on branch: it becomes the branch's head. */
    SimCommit commit(String branch, String actor, String message) {
        SimCommit c = new SimCommit(sha(shaSalt + commits.size() + "/" + actor + "/" + message), message, actor, now(), branch);
        commits.add(c);
        branches.put(branch, c.sha());
        changed();
        return c;
    }

    /** Annotates a job's check run (GitHub shows cancellation and runner-loss reasons this way). */
    void annotate(JobState job, String message) {
        annotations.computeIfAbsent(job.id, k -> new ArrayList<>())
                .add(new SimAnnotation(job.id, ".github", 1, 1, "failure", "", message));
        changed();
    }

    List<SimAnnotation> annotations(long checkRunId) {
        return List.copyOf(annotations.getOrDefault(checkRunId, List.of()));
    }

    /** By numeric id, file name ("deploy-prod.yml") or path. */
    Optional<WorkflowDef> workflowDef(String idOrFile) {
        if (idOrFile == null) return Optional.empty();
        for (WorkflowDef w : workflows.values()) {
            if (String.valueOf(w.id).equals(idOrFile) || w.file().equals(idOrFile) || w.path.equals(idOrFile)) return Optional.of(w);
        }
        return Optional.empty();
    }

    SimRepo repoView() {
        return new SimRepo(repoId, content.owner, content.name, content.defaultBranch, content.files, commits,
                branches, repoCreatedAt());
    }

    private Instant repoCreatedAt() {
        return options.start().minus(Duration.ofDays(400));
    }

    /** The environment's required reviewers (settings.yml); empty: no approval needed. */
    List<String> reviewers(String environment) {
        return content.environments.getOrDefault(environment.toLowerCase(Locale.ROOT), List.of());
    }

    String apiUrl() {
        return options.apiUrl();
    }

    static String sha(String seed) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

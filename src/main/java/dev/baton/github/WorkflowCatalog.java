package dev.baton.github;

import dev.baton.model.Run;
import dev.baton.workflow.ConcurrencySpec;
import dev.baton.workflow.Expressions;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.WorkflowException;
import dev.baton.workflow.WorkflowParser;
import dev.baton.workflow.WorkflowSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's workflow files, parsed: what groups they declare (idle groups are shown too) and,
 * where the concurrency-groups API is absent, which group a run belongs to. A file that does not parse is
 * kept as an error line, never a failure of the whole catalog.
 */
public final class WorkflowCatalog {
    public static final String FOLDER = ".github/workflows";

    private final Map<String, WorkflowSpec> byFile = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();

    public WorkflowCatalog(Map<String, String> filesByPath) {
        filesByPath.forEach((path, text) -> {
            try {
                WorkflowSpec spec = WorkflowParser.parse(path, text);
                byFile.put(spec.file(), spec);
            } catch (WorkflowException e) {
                errors.add(e.getMessage());
            } catch (RuntimeException e) {
                errors.add(path + ": " + e.getMessage());
            }
        });
    }

    public static WorkflowCatalog load(GitHubPort github) {
        return new WorkflowCatalog(new LinkedHashMap<>(github.files(FOLDER, ".yml", ".yaml")));
    }

    /** As {@link #load}, the files read left for the next load through the same port (a fleet's judging, for the watch). */
    public static WorkflowCatalog loadHandingOn(GitHubPort github) {
        return new WorkflowCatalog(new LinkedHashMap<>(github.filesHandedOn(FOLDER, ".yml", ".yaml")));
    }

    public Map<String, WorkflowSpec> workflows() {
        return byFile;
    }

    public List<String> errors() {
        return errors;
    }

    public Optional<WorkflowSpec> workflow(String file) {
        return Optional.ofNullable(byFile.get(file));
    }

    /**
     * The workflow a workflow_dispatch may start, by file name, checked before anything is asked or sent: an
     * IllegalArgumentException (a usage error, exit 2) says what is wrong - no such file (naming those there are), a
     * file that does not parse, or no workflow_dispatch trigger. repo: named in the message.
     */
    public WorkflowSpec dispatchable(String file, Object repo) {
        WorkflowSpec spec = byFile.get(file);
        if (spec == null) {
            String broken = errors.stream().filter(e -> e.contains(file)).findFirst().orElse(null);
            if (broken != null) throw new IllegalArgumentException(file + " does not parse: " + broken);
            List<String> known = byFile.values().stream().filter(w -> w.triggeredBy("workflow_dispatch")).map(WorkflowSpec::file).sorted().toList();
            throw new IllegalArgumentException("no workflow file " + file + " in " + repo
                    + (known.isEmpty() ? "" : " (dispatchable: " + String.join(", ", known) + ")"));
        }
        if (!spec.triggeredBy("workflow_dispatch")) throw new IllegalArgumentException(file + " has no workflow_dispatch trigger");
        return spec;
    }

    public List<DeclaredGroup> declaredGroups() {
        List<DeclaredGroup> out = new ArrayList<>();
        for (WorkflowSpec w : byFile.values()) {
            if (w.concurrency() != null) out.add(declared(w.concurrency(), w.file(), null));
            for (JobSpec j : w.jobs()) {
                if (j.concurrency() != null) out.add(declared(j.concurrency(), w.file(), j.id()));
            }
        }
        return out;
    }

    private static DeclaredGroup declared(ConcurrencySpec spec, String file, String jobId) {
        return new DeclaredGroup(spec.group(), !spec.staticGroup(), file, jobId, spec);
    }

    /** The workflow-level group of a run, evaluated from what the run object tells (inputs take defaults). */
    public Optional<String> resolveWorkflowGroup(Run run) {
        WorkflowSpec w = byFile.get(run.workflowFile());
        if (w == null || w.concurrency() == null) return Optional.empty();
        try {
            String g = Expressions.interpolate(w.concurrency().group(), contexts(w, run));
            return g.isBlank() ? Optional.empty() : Optional.of(g);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The GitHub environment(s) the run's jobs name (`production-auto`, not the stage `production`), joined
     * with "," when several, evaluated from what the run object tells. Empty when none is named or the
     * name needs what the run object does not tell (inputs, vars, needs, steps, matrix, env): a default
     * input is not the value a dispatch gave, so no guess.
     */
    public Optional<String> resolveEnvironment(Run run) {
        WorkflowSpec w = byFile.get(run.workflowFile());
        if (w == null) return Optional.empty();
        java.util.Set<String> envs = new java.util.LinkedHashSet<>();
        for (JobSpec j : w.jobs()) {
            String raw = j.environment();
            if (raw == null || raw.isBlank()) continue;
            if (UNTOLD.matcher(raw).find()) return Optional.empty();
            try {
                String e = Expressions.interpolate(raw, contexts(w, run));
                if (!e.isBlank()) envs.add(e);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return envs.isEmpty() ? Optional.empty() : Optional.of(String.join(",", envs));
    }

    private static final java.util.regex.Pattern UNTOLD = java.util.regex.Pattern.compile("\\b(inputs|vars|needs|steps|matrix|env|secrets|jobs)\\s*[.\\[]");

    static Map<String, Object> contexts(WorkflowSpec w, Run run) {
        return dev.baton.workflow.RunContexts.of(w, run, "", Map.of());
    }
}

package dev.baton.sandbox;

import dev.baton.workflow.StepSpec;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a simulated step does, read from its uses/run text. Each kind has a default duration; a
 * scenario overrides it by kind key (e.g. "apply: 90s") or by step name.
 */
enum StepKind {
    SETUP_JOB("setup-job", 2), CHECKOUT("checkout", 2), AWS_CREDENTIALS("aws-credentials", 2),
    SETUP_TOOL("setup-tool", 4), ARTIFACT("artifact", 3), CACHE("cache", 3),
    TF_INIT("init", 6), TF_PLAN("plan", 15), TF_APPLY("apply", 40), TF_FORCE_UNLOCK("force-unlock", 3),
    TEST("test", 20), BUILD("build", 25), RUN("run", 3), COMPLETE_JOB("complete-job", 1);

    private static final Pattern TF = Pattern.compile("\\b(terraform|tofu)\\b(\\s+-chdir=\\S+)?\\s+");
    private static final Pattern APPLY = Pattern.compile("\\b(terraform|tofu)\\b(\\s+-chdir=\\S+)?\\s+apply\\b");
    private static final Pattern PLAN = Pattern.compile("\\b(terraform|tofu)\\b(\\s+-chdir=\\S+)?\\s+plan\\b");
    private static final Pattern INIT = Pattern.compile("\\b(terraform|tofu)\\b(\\s+-chdir=\\S+)?\\s+init\\b");
    private static final Pattern UNLOCK = Pattern.compile("\\b(terraform|tofu)\\b(\\s+-chdir=\\S+)?\\s+force-unlock\\b");

    final String key;
    final Duration defaultDuration;

    StepKind(String key, int seconds) {
        this.key = key;
        this.defaultDuration = Duration.ofSeconds(seconds);
    }

    boolean terraformLocking() {
        return this == TF_APPLY || this == TF_PLAN;
    }

    static StepKind of(StepSpec s) {
        if (s.uses() != null) {
            String u = s.uses().toLowerCase(Locale.ROOT);
            if (u.contains("actions/checkout")) return CHECKOUT;
            if (u.contains("configure-aws-credentials")) return AWS_CREDENTIALS;
            if (u.contains("upload-artifact") || u.contains("download-artifact")) return ARTIFACT;
            if (u.contains("actions/cache")) return CACHE;
            if (u.contains("setup-")) return SETUP_TOOL;
            return RUN;
        }
        String r = s.run() == null ? "" : s.run();
        // most specific first: a script may init and then apply
        if (UNLOCK.matcher(r).find()) return TF_FORCE_UNLOCK;
        if (APPLY.matcher(r).find()) return TF_APPLY;
        if (PLAN.matcher(r).find()) return TF_PLAN;
        if (INIT.matcher(r).find()) return TF_INIT;
        String l = r.toLowerCase(Locale.ROOT);
        if (l.contains("test") || l.contains("canary") || l.contains("smoke")) return TEST;
        if (l.contains("make") || l.contains("build") || l.contains("package") || l.contains("zip ")) return BUILD;
        return RUN;
    }

    static boolean mentionsTerraform(String run) {
        return run != null && TF.matcher(run).find();
    }
}

package dev.baton.sandbox;

import dev.baton.workflow.StepSpec;
import dev.baton.workflow.TerraformCommands;

import java.time.Duration;
import java.util.Locale;

/**
 * What a simulated step does, read from its uses/run text. Each kind has a default duration; a
 * scenario overrides it by kind key (e.g. "apply: 90s") or by step name.
 */
enum StepKind {
    SETUP_JOB("setup-job", 2), CHECKOUT("checkout", 2), AWS_CREDENTIALS("aws-credentials", 2),
    SETUP_TOOL("setup-tool", 4), ARTIFACT("artifact", 3), CACHE("cache", 3),
    TF_INIT("init", 6), TF_PLAN("plan", 15), TF_APPLY("apply", 40), TF_FORCE_UNLOCK("force-unlock", 3),
    TEST("test", 20), BUILD("build", 25), RUN("run", 3), COMPLETE_JOB("complete-job", 1);


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
        // most specific first: a script may init and then apply (the one grammar: `echo terraform apply` is none)
        java.util.Set<String> subs = new java.util.HashSet<>();
        for (TerraformCommands.Command c : TerraformCommands.parse(r)) subs.add(c.subcommand());
        if (subs.contains("force-unlock")) return TF_FORCE_UNLOCK;
        if (subs.contains("apply")) return TF_APPLY;
        if (subs.contains("plan")) return TF_PLAN;
        if (subs.contains("init")) return TF_INIT;
        String l = r.toLowerCase(Locale.ROOT);
        if (l.contains("test") || l.contains("canary") || l.contains("smoke")) return TEST;
        if (l.contains("make") || l.contains("build") || l.contains("package") || l.contains("zip ")) return BUILD;
        return RUN;
    }

    static boolean mentionsTerraform(String run) {
        return !TerraformCommands.parse(run).isEmpty();
    }
}

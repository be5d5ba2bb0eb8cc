package dev.baton.watch;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Conclusion;
import dev.baton.model.GroupMember;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Stage;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The pipeline line: for each environment, the commit it last deployed and the runs moving now. */
final class Stages {
    private Stages() {
    }

    static List<Stage> compute(List<EnvironmentSpec> environments, List<Run> runs, List<ConcurrencyGroup> groups) {
        return environments.stream().sorted(Comparator.comparingInt(EnvironmentSpec::order)).map(env -> {
            Set<Long> members = new HashSet<>();
            for (ConcurrencyGroup g : groups) {
                if (env.groups().stream().anyMatch(n -> ConcurrencyGroup.key(n).equals(g.key()))) {
                    for (GroupMember m : g.members()) members.add(m.runId());
                }
            }
            List<Run> mine = runs.stream().filter(r -> belongs(env, r, members)).toList();
            Run last = mine.stream()
                    .filter(r -> r.status() == RunStatus.COMPLETED && r.conclusion() == Conclusion.SUCCESS)
                    .max(Comparator.comparing(Run::updatedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .orElse(null);
            List<Long> active = mine.stream().filter(Run::alive).map(Run::id).toList();
            return new Stage(env.name(), env.order(), env.groups(), last == null ? null : last.headSha(),
                    last == null ? 0 : last.id(), last == null ? null : last.updatedAt(), active);
        }).toList();
    }

    static boolean belongs(EnvironmentSpec env, Run r, Set<Long> groupMembers) {
        return groupMembers.contains(r.id()) || env.workflows().contains(r.workflowFile());
    }

    static Instant started(Run r) {
        return r.startedAt() != null ? r.startedAt() : r.createdAt();
    }
}

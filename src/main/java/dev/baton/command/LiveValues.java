package dev.baton.command;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.Stage;
import dev.baton.model.StateLock;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.List;

/** Completes argument words with what the latest snapshot knows: groups, run ids, lock targets, environments. */
final class LiveValues implements Completer {
    private final Baton baton;

    LiveValues(Baton baton) {
        this.baton = baton;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) return;
        Snapshot s;
        try {
            s = baton.engine().latest();
        } catch (RuntimeException e) {
            return; // no repository configured: nothing live to offer
        }
        String cmd = line.words().get(0);
        switch (cmd) {
            case "repo" -> {
                if (baton.fleetMode() || baton.member()) baton.fleet().members().forEach(m -> add(candidates, m.label(), "repository"));
            }
            case "groups", "watch" -> s.groups().forEach(g -> add(candidates, g.name(), "group"));
            case "run", "logs", "cancel" -> s.runs().stream().filter(Run::alive).forEach(r ->
                    add(candidates, String.valueOf(r.id()), r.workflowFile() + " #" + r.runNumber()));
            case "approve" -> s.runs().stream().filter(r -> r.status() == RunStatus.WAITING).forEach(r ->
                    add(candidates, String.valueOf(r.id()), r.workflowFile() + " #" + r.runNumber() + " waiting for approval"));
            case "locks", "unlock", "probe-lock" -> {
                for (StateLock l : s.locks()) add(candidates, l.location().uri(), "lock");
                for (Stage st : s.stages()) add(candidates, st.name(), "environment");
            }
            default -> {
            }
        }
        String prev = line.wordIndex() > 0 ? line.words().get(line.wordIndex() - 1) : "";
        if (prev.equals("--group")) for (ConcurrencyGroup g : s.groups()) add(candidates, g.name(), "group");
    }

    private static void add(List<Candidate> out, String value, String group) {
        out.add(new Candidate(value, value, group, null, null, null, true));
    }
}

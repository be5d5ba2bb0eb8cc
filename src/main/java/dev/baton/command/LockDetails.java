package dev.baton.command;

import dev.baton.model.Finding;
import dev.baton.model.LockInfo;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.model.Times;
import dev.baton.watch.LockVerdict;

import java.time.Instant;
import java.util.Objects;

/**
 * One lock's details as text: where it is, its body's fields, its age, its verdict and the findings about
 * it with their evidence. The one rendering shared by the screen's lock pop-up and {@code unlock}'s
 * evidence (the confirmation and a refusal), so one lock reads the same, with one age, in both.
 */
public final class LockDetails {

    private LockDetails() {
    }

    /**
     * The details, one field a line, unindented. The age is measured once, from {@link StateLock#takenAt}
     * to now (the caller's clock: the screen's, or unlock's when it asks); findings' evidence names times,
     * never ages, so nothing in the text can disagree with it.
     */
    public static String text(Snapshot s, StateLock l, Instant now) {
        StringBuilder sb = new StringBuilder();
        sb.append("location:    ").append(l.location().uri()).append('\n');
        sb.append("environment: ").append(Objects.toString(l.location().environment(), Times.UNKNOWN)).append('\n');
        if (l.location().workspace() != null) sb.append("workspace:   ").append(l.location().workspace()).append('\n');
        sb.append("verdict:     ").append(LockVerdict.of(s, l).text()).append('\n'); // first: a cut dialog keeps it
        String age = " (" + Times.age(l.takenAt(), now) + " ago)";
        LockInfo i = l.info();
        if (i != null) {
            sb.append("ID:          ").append(i.id()).append('\n');
            sb.append("Who:         ").append(i.who()).append('\n');
            sb.append("Operation:   ").append(i.operation()).append('\n');
            sb.append("Created:     ").append(i.created()).append(l.takenAt() == null ? "" : age).append('\n');
            sb.append("Version:     ").append(i.version()).append('\n');
            sb.append("Path:        ").append(i.path()).append('\n');
            if (i.info() != null && !i.info().isEmpty()) sb.append("Info:        ").append(i.info()).append('\n');
        } else {
            sb.append("unreadable:  ").append(l.error()).append('\n');
            sb.append("body:        ").append(Objects.toString(l.rawBody(), "")).append('\n');
            if (l.takenAt() != null) sb.append("written:     ").append(Times.clock(l.takenAt())).append(" UTC").append(age).append('\n');
        }
        for (Finding f : LockVerdict.findingsAbout(s, l)) {
            sb.append('\n').append(f.kind()).append(": ").append(f.summary()).append('\n');
            for (String e : f.evidence()) sb.append("  - ").append(e).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}

package dev.baton.render;

import dev.baton.model.Finding;
import dev.baton.model.LockInfo;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.model.Times;
import dev.baton.watch.LockVerdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A state lock as every frontend shows it: the screen's Locks pane draws {@link #row}, `locks` and `status`
 * flatten the same cells, `--json` is {@link #view}. The verdict is worded here once: "STALE SPLIT", "held by
 * #58", "unknown: GitHub unread", "no live run".
 */
public final class LockRender {
    private LockRender() {
    }

    /**
     * The JSON shape of a lock (docs/commands.md): verdict is {@link LockVerdict.State}, problems every problem
     * found (worst first), runId the holder's run when the verdict is HELD, else null.
     */
    public record LockView(String uri, String environment, String workspace, String id, String who, String operation,
                           Instant created, String path, LockVerdict.State verdict, List<LockVerdict.State> problems, Long runId,
                           String malformed) {
    }

    /** One lock's cells. env: its environment (and "/workspace"), "-" when unknown; key: the object key or item. */
    public record LockRow(Cell env, Cell key, Cell uri, Cell who, Cell operation, Cell age, Cell id, Cell verdict) {
    }

    /**
     * What an empty list of locks means, said once for every frontend: "no locks read" while a lock store did not
     * answer (its locks are unknown, not absent), "no lock location known" when no store is known at all (the backend
     * files unread or absent: nothing was looked at), else "no locks held".
     */
    public static String none(Snapshot s) {
        if (!s.unreadLockSources().isEmpty()) return "no locks read";
        boolean anyStore = s.health().keySet().stream().anyMatch(k -> !k.equals("github"));
        return anyStore ? "no locks held" : "no lock location known";
    }

    public static LockView view(Snapshot s, StateLock l) {
        LockVerdict v = LockVerdict.of(s, l);
        LockInfo i = l.info();
        return new LockView(l.location().uri(), l.location().environment(), l.location().workspace(),
                i == null ? null : i.id(), i == null ? null : i.who(), i == null ? null : i.operation(), l.takenAt(),
                i == null ? null : i.path(), v.state(), v.problems(), v.holderRunId() == 0 ? null : v.holderRunId(),
                l.malformed() ? l.error() : null);
    }

    /** The verdict in words and the role it is drawn in. */
    public static Cell verdict(Snapshot s, StateLock l) {
        LockVerdict v = LockVerdict.of(s, l);
        return switch (v.state()) {
            // the run as the screen names runs everywhere: short enough that the holder survives at 80 columns;
            // the workflow is in the details (the LOCK_HELD finding) and the JSON has the run id
            case HELD -> Cell.of("held by " + RunRender.label(s, v.holderRunId()), "lock.held");
            case NO_LIVE_RUN -> Cell.of("no live run", "muted");
            case UNKNOWN -> Cell.of("unknown: " + (v.unknown().startsWith("GitHub unread") ? "GitHub unread" : v.unknown()), "muted");
            default -> Cell.of(String.join(" ", v.problems().stream().map(Enum::name).toList()), switch (v.worst()) {
                case SPLIT_LOCK -> "lock.split";
                case FOREIGN_LOCK -> "lock.foreign";
                case STALE_LOCK -> "lock.stale";
                default -> "lock.malformed";
            });
        };
    }

    /** The verdict's words alone (the details' first line, a dialog). */
    public static String verdictText(Snapshot s, StateLock l) {
        return verdict(s, l).text();
    }

    /** A lock's cells, its age measured to now. */
    public static LockRow row(Snapshot s, StateLock l, Instant now) {
        LockInfo i = l.info();
        String env = l.location().environment() == null ? Times.UNKNOWN : l.location().environment();
        if (l.location().workspace() != null && !l.location().workspace().isEmpty()) env += "/" + l.location().workspace();
        return new LockRow(Cell.of(env, "text"), Cell.of(l.location().key(), "muted"), Cell.of(l.location().uri(), "text"),
                i == null ? Cell.of("(unreadable)", "lock.malformed") : Cell.of(i.who(), "text"),
                i == null ? Cell.EMPTY : Cell.of(shortOp(i.operation()), "text"),
                Cell.of(Times.age(l.takenAt(), now), "text"),
                i == null ? Cell.EMPTY : Cell.of(i.shortId(), "muted"),
                verdict(s, l));
    }

    /** "Apply" for Terraform's "OperationTypeApply". */
    public static String shortOp(String op) {
        if (op == null) return "";
        return op.startsWith("OperationType") ? op.substring("OperationType".length()) : op;
    }

    /** The problems found about each lock (not who holds it: that is the verdict), with their evidence, as text lines. */
    public static List<String> problemLines(Snapshot s, List<StateLock> locks) {
        List<String> out = new ArrayList<>();
        for (StateLock l : locks) {
            for (Finding f : LockVerdict.findingsAbout(s, l)) {
                if (f.kind() == Finding.Kind.LOCK_HELD) continue;
                out.add(FindingRender.kind(f.kind()) + " " + l.location().uri() + ": " + f.summary());
                for (String e : f.evidence()) out.add("    - " + e);
            }
        }
        return out;
    }

    /**
     * One lock's details, one field a line, unindented: the screen's Enter on a lock and unlock's evidence.
     * The age is measured once, from {@link StateLock#takenAt} to now (the caller's clock); findings' evidence
     * names times, never ages, so nothing in the text can disagree with it.
     */
    public static String details(Snapshot s, StateLock l, Instant now) {
        StringBuilder sb = new StringBuilder();
        sb.append("location:    ").append(l.location().uri()).append('\n');
        sb.append("environment: ").append(l.location().environment() == null ? Times.UNKNOWN : l.location().environment()).append('\n');
        if (l.location().workspace() != null) sb.append("workspace:   ").append(l.location().workspace()).append('\n');
        sb.append("verdict:     ").append(verdictText(s, l)).append('\n'); // first: a cut dialog keeps it
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
            sb.append("body:        ").append(l.rawBody() == null ? "" : l.rawBody()).append('\n');
            if (l.takenAt() != null) sb.append("written:     ").append(Times.clock(l.takenAt())).append(" UTC").append(age).append('\n');
        }
        for (Finding f : LockVerdict.findingsAbout(s, l)) {
            sb.append('\n').append(f.kind()).append(": ").append(f.summary()).append('\n');
            for (String e : f.evidence()) sb.append("  - ").append(e).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}

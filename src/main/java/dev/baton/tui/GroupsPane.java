package dev.baton.tui;

import dev.baton.command.Request;
import dev.baton.model.Snapshot;
import dev.baton.render.EvictionRender;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The Groups pane: concurrency groups with their members and recent evictions; opens logs and timelines, cancels and approves runs. */
final class GroupsPane extends SheetController {
    private final Set<Long> testRuns = new HashSet<>(); // runs rapid-fire created: marked in the rows
    GroupsPane(View view) {
        super(view, new ListPane("Groups", false, l -> l.payload() instanceof Rows.GroupRef));
    }

    @Override
    public KeyAction.Scope scope() {
        return KeyAction.Scope.GROUPS;
    }

    @Override
    protected boolean headed() {
        return false;
    }

    /** A run a command created (rapid-fire's): true when it was not marked yet. */
    boolean mark(long runId) {
        return testRuns.add(runId);
    }

    void rebuild(Snapshot s, Instant now) {
        show(Rows.groupsSheet(s, now, view.options().glyphs(), testRuns)); // evicted runs: the snapshot's findings, as `groups`
    }

    @Override
    public void enter() {
        Object p = selected();
        if (p instanceof Rows.MemberRef) {
            openLog();
        } else if (p instanceof Rows.GroupRef) {
            view.timeline().open(selectedGroup());
        } else if (p instanceof Rows.EvictedRef ref) {
            var e = ref.eviction();
            Snapshot s = view.snapshot();
            view.show(Popup.ofText(EvictionRender.title(s, e), EvictionRender.details(s, e, view.options().zone()), false));
        }
    }

    void openLog() {
        if (!(selected() instanceof Rows.MemberRef m)) {
            view.say("select a run (a member row) first", "warn");
            return;
        }
        view.logController().open(m.runId(), m.jobId(), m.label() + " " + m.group());
    }

    void cancelRun() {
        if (!(selected() instanceof Rows.MemberRef m)) {
            view.say("select a run to cancel", "warn");
            return;
        }
        view.askReason(new Request.Cancel(m.runId(), ""));
    }

    void approveRun() {
        if (!(selected() instanceof Rows.MemberRef m)) {
            view.say("select a run waiting for approval", "warn");
            return;
        }
        view.askReason(new Request.Approve(m.runId(), ""));
    }

    /** Copies the selected run's GitHub page (OSC 52: it reaches the laptop's clipboard through SSH and tmux). */
    void copyUrl() {
        Long runId = selected() instanceof Rows.MemberRef m ? m.runId()
                : selected() instanceof Rows.EvictedRef e ? e.eviction().runId() : null;
        if (runId == null) {
            view.say("select a run to copy its URL", "warn");
            return;
        }
        String url = view.snapshot().runs().stream().filter(r -> r.id() == runId && r.htmlUrl() != null)
                .map(dev.baton.model.Run::htmlUrl).findFirst().orElse(null);
        if (url == null) view.say("no URL known for run " + runId, "warn");
        else view.copy(url, "the URL of run " + runId);
    }

    /** The group of the selected row (a group, a member or an eviction), or null. */
    String selectedGroup() {
        Object p = selected();
        if (p instanceof Rows.GroupRef g) return g.name();
        if (p instanceof Rows.MemberRef m) return m.group();
        if (p instanceof Rows.EvictedRef e) return e.eviction().subject();
        return null;
    }
}

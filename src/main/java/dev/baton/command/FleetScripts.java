package dev.baton.command;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.render.GroupRender;
import dev.baton.render.LockRender;
import dev.baton.render.SourceRender;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * status, locks and groups over every repository of the fleet: the text grouped by repository (each as the
 * one-repository command words it), every JSON record naming its repository ("repository": "owner/name").
 * A repository that cannot be read (its credential has no access, GitHub does not answer) is said as such
 * while the others are shown: the exit code is then 3, with the unread ones on stderr.
 */
final class FleetScripts {
    private FleetScripts() {
    }

    static Result status(Baton baton) {
        List<Fleet.Look> looks = baton.fleet().look();
        if (looks.isEmpty()) return none(baton);
        StringBuilder text = new StringBuilder();
        List<Object> json = new ArrayList<>();
        for (Fleet.Look l : looks) {
            if (text.length() > 0) text.append("\n\n");
            if (notRead(l)) {
                text.append(l.member().label()).append("\n! ").append(Text.visible(l.error()));
                json.add(unreadable(l));
                continue;
            }
            List<String> problems = l.member().baton().engine().problems();
            text.append(StatusCommand.text(l.snapshot(), problems, l.member().label())); // its first line names it
            Map<String, Object> m = named(l.member(), StatusCommand.json(l.snapshot(), problems));
            json.add(m);
        }
        return result(text.toString(), json, looks);
    }

    static Result locks(Baton baton, List<String> targets) {
        return sections(baton, l -> notRead(l) ? l.error() : null, (l, s, text, json) -> {
            LinkedHashSet<StateLock> chosen = new LinkedHashSet<>(targets.isEmpty() ? s.locks() : List.of());
            for (String t : targets) chosen.addAll(LockTargets.match(s, t));
            List<StateLock> list = List.copyOf(chosen);
            String unread = SourceRender.unreadLockSources(s);
            if (unread != null) text.append("  ! ").append(Text.visible(unread)).append('\n');
            text.append(list.isEmpty() ? "  " + LockRender.none(s) + "\n" : LocksCommand.text(s, list));
            for (StateLock lock : list) json.add(named(l.member(), LockRender.view(s, lock)));
        });
    }

    static Result groups(Baton baton, List<String> names) {
        return sections(baton, l -> {
            var gh = l.snapshot() == null ? null : l.snapshot().health().get("github");
            if (notRead(l) || gh != null && !gh.healthy()) return l.error() != null ? l.error() : gh.describe();
            return null;
        }, (l, s, text, json) -> {
            List<ConcurrencyGroup> chosen = s.groups().stream().filter(g -> StatusCommand.matches(g, names)).toList();
            text.append(chosen.isEmpty() ? "  (no groups" + (names.isEmpty() ? "" : " named " + String.join(", ", names)) + ")\n"
                    : GroupsCommand.text(s, chosen));
            for (ConcurrencyGroup g : chosen) json.add(named(l.member(), GroupRender.view(s, g)));
        });
    }

    /** What one repository adds to a sectioned answer: its text below its label, its JSON records. */
    private interface Section {
        void write(Fleet.Look look, Snapshot snapshot, StringBuilder text, List<Object> json);
    }

    /**
     * locks and groups: each repository's label, then its section, or "! why" for one that could not be read (why:
     * null for one that was).
     */
    private static Result sections(Baton baton, Function<Fleet.Look, String> why, Section section) {
        List<Fleet.Look> looks = baton.fleet().look();
        if (looks.isEmpty()) return none(baton);
        StringBuilder text = new StringBuilder();
        List<Object> json = new ArrayList<>();
        for (Fleet.Look l : looks) {
            text.append(l.member().label()).append('\n');
            String error = why.apply(l);
            if (error != null) {
                text.append("  ! ").append(Text.visible(error)).append('\n');
                continue;
            }
            section.write(l, l.snapshot(), text, json);
        }
        return result(text.toString().stripTrailing(), json, looks);
    }

    /** No snapshot of it, or its credential was refused. */
    private static boolean notRead(Fleet.Look l) {
        return l.snapshot() == null || l.denied();
    }

    /** No repository at all (no --repo, no --org, none in the config), or an org with none that matters: a usage error. */
    static Result none(Baton baton) {
        String orgs = baton.fleet().discoveries().stream().filter(d -> d.error() != null).map(d -> "; org " + d.org() + ": " + d.error())
                .reduce("", String::concat);
        return Result.error(Exit.USAGE, "no repository to show: pass --repo OWNER/NAME or --org ORG, or list repositories or orgs in "
                + Config.defaultPath(baton.env()) + orgs);
    }

    /** A record with "repository" first, then the view's own keys in their order. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> named(Fleet.Member m, Object view) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("repository", m.label());
        out.putAll(view instanceof Map<?, ?> map ? (Map<String, Object>) map : Json.MAPPER.convertValue(view, LinkedHashMap.class));
        return out;
    }

    /** {"repository", "access": denied|error, "error"}: a repository that could not be read, for every --all JSON. */
    static Map<String, Object> unreadable(Fleet.Look l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("repository", l.member().label());
        m.put("access", l.denied() ? "denied" : "error");
        m.put("error", l.error());
        return m;
    }

    /** Exit 0 when every repository and each of its sources was read; 3 (partial) when any was not, naming them. */
    private static Result result(String text, Object json, List<Fleet.Look> looks) {
        List<String> missing = new ArrayList<>();
        for (Fleet.Look l : looks) {
            if (notRead(l)) {
                missing.add(l.member().label() + ": " + l.error());
                continue;
            }
            String unread = SourceRender.unread(l.snapshot());
            if (unread != null) missing.add(l.member().label() + ": " + unread);
        }
        return missing.isEmpty() ? Result.ok(text, json) : Result.partial(text, json, String.join("; ", missing));
    }
}

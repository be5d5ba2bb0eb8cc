package dev.baton.render;

import dev.baton.model.Lease;
import dev.baton.model.Presence;
import dev.baton.model.Times;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The words of a shared baton's coordination (issue 13): a lease ("alice is unlocking prod since 12:03:04"), an
 * operator's presence ("bob confirming cancel #57"), the screen's team strip, and the detail of a result event.
 */
public final class TeamRender {
    private TeamRender() {
    }

    /** "unlocking", "cancelling", "rapid-firing": what an operator holding a lease is doing. */
    public static String verb(String action) {
        return switch (action) {
            case "unlock" -> "unlocking";
            case "cancel" -> "cancelling";
            case "approve" -> "approving";
            case "reject" -> "rejecting";
            case "dispatch" -> "dispatching";
            case "rapid-fire" -> "rapid-firing";
            default -> action + "ing";
        };
    }

    /** "alice is unlocking prod since 12:03:04": a refusal's message (UTC, as the audit's times). */
    public static String lease(Lease l) {
        return lease(l, ZoneOffset.UTC);
    }

    /** The same in the screen's zone. */
    public static String lease(Lease l, ZoneId zone) {
        return l.operator() + " is " + verb(l.action()) + " " + l.label() + " since " + Times.clock(l.since(), zone);
    }

    /** "alice idle", "bob confirming unlock prod", "carol running status", "dave typing a command". */
    public static String presence(Presence p) {
        return p.operator() + switch (p.activity()) {
            case IDLE -> " idle";
            case DIALOG -> " confirming " + p.what();
            case RUNNING -> " running " + brief(p.what());
            case COMMAND -> " typing a command";
            case FILTER -> " filtering " + p.what();
            case REASON -> " giving a reason to " + p.what();
            case POPUP -> " reading " + brief(p.what());
            case QUIT -> " leaving?";
        };
    }

    /**
     * A command line as the strip names it: its words before the first option, a lock URI by its key
     * (":unlock s3://b/prod/terraform.tfstate.tflock --id 5b00f24c-..." -> ":unlock prod/terraform.tfstate.tflock"),
     * so that the others' presence fits beside the leases.
     */
    static String brief(String commandLine) {
        if (commandLine == null) return "";
        StringBuilder out = new StringBuilder();
        for (String word : commandLine.strip().split("\\s+")) {
            if (word.startsWith("-")) break;
            if (out.length() > 0) out.append(' ');
            out.append(EventRender.shortLock(word));
        }
        return out.toString();
    }

    /**
     * Whether a screen shows the team strip: someone else is connected, or another session holds a lease. A
     * screen alone, holding nothing of anyone else's, looks as it always did.
     */
    public static boolean shown(List<Presence> present, List<Lease> leases, long self) {
        return present.stream().anyMatch(p -> p.session() != self) || leases.stream().anyMatch(l -> l.session() != self);
    }

    /**
     * The screen's team strip: the others' leases first (what blocks you), then who is connected and what they
     * do ("you" for this screen's own session).
     */
    public static Cell strip(List<Presence> present, List<Lease> leases, long self, ZoneId zone) {
        Cell c = Cell.EMPTY;
        for (Lease l : leases) {
            if (l.session() == self) continue;
            c = c.plus(" " + lease(l, zone) + " ", "warn").plus("|", "muted");
        }
        c = c.plus(" " + present.size() + (present.size() == 1 ? " operator: " : " operators: "), "muted");
        boolean first = true;
        for (Presence p : present) {
            if (!first) c = c.plus(", ", "muted");
            first = false;
            String words = p.session() == self ? "you" + presence(p).substring(p.operator().length()) : presence(p);
            c = c.plus(words, switch (p.activity()) {
                case DIALOG -> "warn";
                case IDLE -> "text";
                default -> "info";
            });
        }
        return c;
    }

    /** An operator's result as an event's detail: "alice unlock released: released s3://..."; the message's first line only. */
    public static String result(String operator, String action, String outcome, String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl).strip();
        return operator + " " + action + " " + outcome + (m.isEmpty() ? "" : ": " + m);
    }

    /** What a note's event says: the text as typed, on one line. */
    public static String note(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}

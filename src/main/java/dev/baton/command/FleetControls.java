package dev.baton.command;

import dev.baton.render.FleetRender;

import java.util.List;

/** What the screen asks of the fleet it shows (FleetSession; a fake in the screen's tests). */
public interface FleetControls {
    /** Every repository as last polled, in the fleet's order. */
    List<FleetRender.Repo> repos();

    /** The repository shown, or null in the fleet view. */
    String shown();

    /** Shows one repository; an error line (and nothing changed) when no repository has that name. */
    String show(String name);

    /** Back to every repository. */
    void showFleet();

    /** The repositories' names, for completion. */
    List<String> names();

    /** How far an org's judging is ("judged 120 of 300"); null without an org. */
    default FleetRender.Judging judging() {
        return null;
    }
}

package dev.baton.tui;

import dev.baton.command.FleetControls;
import dev.baton.render.FleetRender;

import java.util.List;

/**
 * The fleet view's list: one row per watched repository (its pipeline, active groups, locks, worst finding),
 * most urgent first; Enter opens that repository's split view (the screen for one repository).
 */
final class FleetPane extends SheetController {
    private List<FleetRender.FleetRow> rows = List.of();

    FleetPane(View view) {
        super(view, new ListPane("Repositories"));
    }

    @Override
    public KeyAction.Scope scope() {
        return KeyAction.Scope.FLEET;
    }

    void rebuild(List<FleetRender.Repo> repos) {
        rows = FleetRender.rows(repos);
        show(Rows.fleetSheet(rows));
    }

    List<FleetRender.FleetRow> rows() {
        return rows;
    }


    @Override
    public void enter() {
        if (selected() instanceof FleetRender.FleetRow r) openRepository(r.repo().label());
    }

    // ---- the fleet's routing: which repository the feed serves (FleetControls), the view reshown after

    /** Back to the fleet view (R, Esc from a repository, :repo without a name). */
    void showFleet() {
        FleetControls fleet = view.options().fleet();
        if (fleet == null) {
            view.say("one repository is watched (start baton with --all, --org or several --repo)", "warn");
            return;
        }
        fleet.showFleet();
        view.reshow();
    }

    /** Opens one repository's split view (Enter on the fleet view's row; :repo NAME). */
    void openRepository(String label) {
        FleetControls fleet = view.options().fleet();
        String error = fleet == null ? "one repository is watched" : fleet.show(label);
        if (error != null) {
            view.say(error, "error");
            return;
        }
        shownRepository();
    }

    /** The feed now serves another repository (shown by a command): the screen says which. */
    void shownRepository() {
        view.reshow();
        view.say("showing " + view.options().fleet().shown() + " (Esc: every repository)", "status");
    }

    @Override
    public String[][] hints(boolean readOnly) {
        return new String[][]{{"Enter", "open repository"}, {"/", "filter"}, {":repo", "NAME"}, {":", "cmd"}, {"?", "help"}, {"q", "quit"}};
    }
}

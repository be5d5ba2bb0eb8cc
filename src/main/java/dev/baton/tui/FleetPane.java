package dev.baton.tui;

import dev.baton.render.FleetRender;

import java.util.List;

/**
 * The fleet view's list: one row per watched repository (its pipeline, active groups, locks, worst finding),
 * most urgent first; Enter opens that repository's split view (the screen for one repository).
 */
final class FleetPane extends ListController {
    private Sheet sheet = new Sheet();
    private int width = 80;
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
        sheet = Rows.fleetSheet(rows);
        layOut();
    }

    List<FleetRender.FleetRow> rows() {
        return rows;
    }

    void fit(int w) {
        if (w == width) return;
        width = w;
        layOut();
    }

    private void layOut() {
        list.setLines(sheet.lines(width));
        list.header(sheet.header(width));
    }

    @Override
    public void enter() {
        if (selected() instanceof FleetRender.FleetRow r) view.openRepository(r.repo().label());
    }

    @Override
    public String[][] hints(boolean readOnly) {
        return new String[][]{{"Enter", "open repository"}, {"/", "filter"}, {":repo", "NAME"}, {":", "cmd"}, {"?", "help"}, {"q", "quit"}};
    }
}

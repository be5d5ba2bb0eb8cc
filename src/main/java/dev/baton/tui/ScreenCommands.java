package dev.baton.tui;

import dev.baton.command.FrontendControls;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Snapshot;

/**
 * The screen's side of the commands that need it (`theme`, `timeline`, `help`, `quit` in the command
 * registry): called on the command thread, it checks what it can there and posts the change to the
 * screen's thread. It also owns the theme the screen draws with.
 */
final class ScreenCommands implements FrontendControls.Screen {
    private final View view;
    private final Themes themes;
    private final ColorMode colorMode;
    private volatile Theme theme;

    ScreenCommands(View view, ConsoleOptions opts) {
        this.view = view;
        this.themes = new Themes(opts.userThemes());
        this.colorMode = opts.colorMode();
    }

    /** The configured theme, or the default one: returns the reason when the configured one cannot be loaded. */
    String loadInitial(String name) {
        try {
            theme = themes.load(name, colorMode);
            return null;
        } catch (IllegalArgumentException e) {
            theme = themes.load("default", colorMode);
            return e.getMessage();
        }
    }

    Theme theme() {
        return theme;
    }

    @Override
    public String theme(String name) {
        if (name == null) {
            return "current: " + theme.name() + "\navailable: " + String.join(", ", themes.names()) + "\n\nuse :theme NAME";
        }
        Theme t = themes.load(name, colorMode); // an unknown name: IllegalArgumentException, a one-line usage error
        view.post(() -> theme = t);
        return "theme " + t.name();
    }

    @Override
    public String timeline(String group) {
        if (group == null) {
            view.post(view::openTimeline);
            return null;
        }
        Snapshot s = view.snapshot();
        ConcurrencyGroup g = s == null ? null : TimelineView.find(s, group);
        if (g == null) throw new IllegalArgumentException("no group '" + group + "'");
        view.post(() -> view.timeline().open(g.name()));
        return null;
    }

    @Override
    public String repository(String name) {
        dev.baton.command.FleetControls fleet = view.options().fleet();
        if (fleet == null) return FrontendControls.Screen.super.repository(name);
        if (name == null) {
            view.post(() -> view.fleetPane().showFleet());
            return null;
        }
        String error = fleet.show(name);
        if (error != null) throw new IllegalArgumentException(error);
        view.post(() -> view.fleetPane().shownRepository());
        return null;
    }

    @Override
    public void showHelp() {
        view.post(view::showHelp);
    }

    @Override
    public void quit() {
        view.post(view::quit);
    }
}

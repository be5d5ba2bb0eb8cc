package dev.baton.tui;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * How the console looks and what it is connected to. Start from {@link #fromEnvironment(Map)} and
 * override what flags and configuration say (--theme, --ascii, theme: key).
 */
public final class ConsoleOptions {
    private String theme = "default";
    private ColorMode colorMode = ColorMode.TRUECOLOR;
    private Glyphs glyphs = Glyphs.UNICODE;
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneId.systemDefault();
    private Duration staleAfter = Duration.ofSeconds(30);
    private Duration timelineWindow = Duration.ofMinutes(30);
    private LogSource logs;
    private dev.baton.command.FleetControls fleet;
    private Clipboard clipboard;
    private ScreenConfirm confirm;
    private Path historyFile;
    private Path userThemes;
    private Runnable afterFirstFrame;
    private dev.baton.command.Team.Seat seat;

    /** Colours from NO_COLOR/COLORTERM/TERM, glyphs from the locale, history and themes from XDG dirs. */
    public static ConsoleOptions fromEnvironment(Map<String, String> env) {
        ConsoleOptions o = new ConsoleOptions();
        o.colorMode = ColorMode.detect(env);
        o.glyphs = Glyphs.detect(env);
        o.historyFile = historyFile(env);
        o.userThemes = Themes.userDir(env);
        return o;
    }

    /** $XDG_STATE_HOME/baton/history (default ~/.local/state/baton/history); the line shell shares it. */
    public static Path historyFile(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(env.getOrDefault("HOME", "."), ".local", "state");
        return base.resolve("baton").resolve("history");
    }

    public ConsoleOptions theme(String name) { this.theme = name; return this; }
    public ConsoleOptions colorMode(ColorMode m) { this.colorMode = m; return this; }
    /** --ascii: line drawing and symbols in plain ASCII. */
    public ConsoleOptions ascii(boolean ascii) { this.glyphs = ascii ? Glyphs.ASCII : Glyphs.UNICODE; return this; }
    public ConsoleOptions clock(Clock c) { this.clock = c; return this; }
    public ConsoleOptions zone(ZoneId z) { this.zone = z; return this; }
    /** The data age turns into a warning past this. */
    public ConsoleOptions staleAfter(Duration d) { this.staleAfter = d; return this; }
    public ConsoleOptions timelineWindow(Duration d) { this.timelineWindow = d; return this; }
    public ConsoleOptions logs(LogSource s) { this.logs = s; return this; }
    /** Several repositories are watched: the screen opens on the fleet view, and its feed and commands follow the one shown. */
    public ConsoleOptions fleet(dev.baton.command.FleetControls f) { this.fleet = f; return this; }
    public ConsoleOptions clipboard(Clipboard c) { this.clipboard = c; return this; }
    public ConsoleOptions confirm(ScreenConfirm c) { this.confirm = c; return this; }
    public ConsoleOptions historyFile(Path p) { this.historyFile = p; return this; }
    public ConsoleOptions userThemes(Path p) { this.userThemes = p; return this; }
    /**
     * Runs on the screen's thread once the first frame is out: where to start slow work (clients,
     * connections) that would otherwise compete with the first frame for the CPU. Keep it short.
     */
    public ConsoleOptions afterFirstFrame(Runnable r) { this.afterFirstFrame = r; return this; }

    public String theme() { return theme; }
    public ColorMode colorMode() { return colorMode; }
    public Glyphs glyphs() { return glyphs; }
    public Clock clock() { return clock; }
    public ZoneId zone() { return zone; }
    public Duration staleAfter() { return staleAfter; }
    public Duration timelineWindow() { return timelineWindow; }
    public LogSource logs() { return logs; }
    public dev.baton.command.FleetControls fleet() { return fleet; }
    public Clipboard clipboard() { return clipboard; }
    public ScreenConfirm confirm() { return confirm; }
    public Path historyFile() { return historyFile; }
    public Path userThemes() { return userThemes; }
    public Runnable afterFirstFrame() { return afterFirstFrame; }
    /** This screen's seat in its baton's team: the strip of the others' presence and leases; null: none (tests). */
    public ConsoleOptions seat(dev.baton.command.Team.Seat s) { this.seat = s; return this; }
    public dev.baton.command.Team.Seat seat() { return seat; }
}

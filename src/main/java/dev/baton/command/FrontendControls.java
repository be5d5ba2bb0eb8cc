package dev.baton.command;

/**
 * What a frontend lets a command do to the frontend itself. The line shell and the screen set one on
 * their {@link FrontendIo}; a script has none, so the commands that need one refuse there (exit 2).
 */
public interface FrontendControls {
    /** Leave after this command: the shell's prompt ends, the screen closes. */
    void quit();

    /** The screen's own: its theme, its timeline view, its help pop-up (keys and commands). */
    interface Screen extends FrontendControls {
        /** Switches to a theme; null lists them. An unknown name throws IllegalArgumentException (a usage error). */
        String theme(String name);

        /** Opens the timeline of a group; null: the selected one. An unknown group throws IllegalArgumentException. */
        String timeline(String group);

        /** Opens the help pop-up: every key, and the commands. */
        void showHelp();

        /**
         * Shows one watched repository's split view; null: the fleet view (every repository). An unknown name, or a
         * screen that watches one repository, throws IllegalArgumentException (a usage error).
         */
        default String repository(String name) {
            throw new IllegalArgumentException("one repository is watched: start baton with --all, --org or several --repo");
        }
    }
}

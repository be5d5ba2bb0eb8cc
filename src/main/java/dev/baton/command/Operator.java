package dev.baton.command;

/**
 * Who is at a frontend of a shared baton ({@code baton serve}): a name (an SSH key's comment, a Unix user),
 * a role, the door they came through and how they were recognised (a key's fingerprint, a uid). A local
 * frontend has none ({@link FrontendIo#operator()} is null): the OS user runs it with every right.
 */
public record Operator(String name, Role role, String door, String credential) {
    public enum Role {
        /** Sees everything, changes nothing. */
        VIEWER,
        /** May run mutating commands (through the guard, as a local user would). */
        OPERATOR;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean mayMutate() {
        return role == Role.OPERATOR;
    }
}

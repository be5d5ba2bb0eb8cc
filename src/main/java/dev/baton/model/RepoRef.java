package dev.baton.model;

/** A GitHub repository, "owner/name". */
public record RepoRef(String owner, String name) {
    public RepoRef {
        if (owner == null || owner.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("repository must be OWNER/NAME");
        }
    }

    public static RepoRef parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        if (slash <= 0 || slash != t.lastIndexOf('/') || slash == t.length() - 1) {
            throw new IllegalArgumentException("repository must be OWNER/NAME, got '" + text + "'");
        }
        return new RepoRef(t.substring(0, slash), t.substring(slash + 1));
    }

    @Override
    public String toString() {
        return owner + "/" + name;
    }
}

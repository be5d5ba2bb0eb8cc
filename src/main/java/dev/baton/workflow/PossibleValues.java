package dev.baton.workflow;

import java.util.Set;

/**
 * What a text with ${{ }} can evaluate to, found without running anything. values are the results
 * seen; open is true when some outcome depends on data not known statically (github.ref, run_id...),
 * so values is then incomplete.
 */
public record PossibleValues(Set<String> values, boolean open) {
    public PossibleValues {
        values = Set.copyOf(values);
    }

    /** A closed set with exactly one value: the text always means the same thing. */
    public boolean single() {
        return !open && values.size() == 1;
    }
}

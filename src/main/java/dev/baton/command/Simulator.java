package dev.baton.command;

import dev.baton.model.Simulation;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The what-if engine behind `simulate`. The sandbox implements it (command may not import the sandbox);
 * the entry point wires it with {@link Baton#simulator(Simulator)}.
 */
@FunctionalInterface
public interface Simulator {
    /**
     * @param repoFiles    path -> text: the repository's .github/workflows files (they replace the sandbox
     *                     repository's) and backend files; empty = the sandbox's default repository
     * @param scenarioName a built-in scenario, or the name to show for scenarioYaml
     * @param scenarioYaml scenario YAML; null = the built-in scenarioName
     * @param speed        0 = as fast as possible; N = N simulated seconds per real second
     * @param progress     a line per run change while it plays (null: none)
     * @throws IllegalArgumentException a one-line reason (unknown scenario, bad YAML, no workflows)
     */
    Simulation simulate(Map<String, String> repoFiles, String scenarioName, String scenarioYaml, double speed, Consumer<String> progress);
}

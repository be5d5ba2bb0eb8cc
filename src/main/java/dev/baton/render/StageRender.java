package dev.baton.render;

import dev.baton.model.Snapshot;
import dev.baton.model.Stage;
import dev.baton.model.Times;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A pipeline stage as the screen's pipeline line and `status`'s "pipeline:" show it: its name, the commit
 * it last deployed ("-" when none), and the runs moving through it, in the pipeline's order.
 */
public final class StageRender {
    private StageRender() {
    }

    /** name: the stage; sha: its last deployed commit; active: each moving run's label and sha ("#61 ddddddd"). */
    public record StageCells(Cell name, Cell sha, List<Cell> active) {
    }

    /** The stages in the pipeline's order (by order, then name). */
    public static List<Stage> ordered(Snapshot s) {
        List<Stage> stages = new ArrayList<>(s.stages());
        stages.sort(Comparator.comparingInt(Stage::order).thenComparing(Stage::name));
        return stages;
    }

    public static StageCells cells(Snapshot s, Stage st) {
        List<Cell> active = new ArrayList<>();
        for (Long id : st.activeRunIds()) {
            active.add(Cell.of(RunRender.label(s, id) + s.run(id).map(r -> " " + r.shortSha()).orElse(""), "pipeline.active"));
        }
        return new StageCells(Cell.of(st.name(), "pipeline.stage"), Cell.of(Times.shortSha(st.lastDeployedSha()), "pipeline"), active);
    }

    /** "dev 1111111 -> preprod 9999999 (1 moving) -> production -": `status`'s line, null without stages. */
    public static String line(Snapshot s) {
        if (s.stages().isEmpty()) return null;
        List<String> parts = new ArrayList<>();
        for (Stage st : ordered(s)) {
            StageCells c = cells(s, st);
            parts.add(c.name().text() + " " + c.sha().text() + (c.active().isEmpty() ? "" : " (" + c.active().size() + " moving)"));
        }
        return String.join(" -> ", parts);
    }
}

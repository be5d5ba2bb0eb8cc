package dev.baton.tui;

import com.googlecode.lanterna.input.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Columns grow with the width and give way by priority: what each size of the fixed incident must show. */
class ScreenSizesTest {
    @TempDir
    Path tmp;

    @Test
    void at80x24TheLocksPaneKeepsTheHolderAndTheVerdict() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            assertThat(h.text()).contains("running 2m57s", "running 4m02s", "pending 2m02s", "evicted by #59");
            h.press(KeyType.Tab);
            assertThat(h.text()).contains("runner@fv-az9-9", "runner@fv-az1-1", "held by #58", "STALE", "MALFORMED", "VERDICT");
        }
    }

    @Test
    void at120x40NeitherTheMemberStatusNorTheLockVerdictAndIdIsCut() throws Exception {
        try (Harness h = new Harness(120, 40, false, tmp)) {
            String screen = h.text();
            assertThat(screen).contains("running 2m57s", "running 4m02s", "pending 2m02s", "evicted by #59", "1 running, 1 pending, 1 evicted");
            assertThat(screen).contains("WHO", "AGE", "ID", "VERDICT", "runner@fv-az9-9", "runner@fv-az1-1", "0b7e3c11", "9f1c2d3e",
                    "held by #58", "MALFORMED");
        }
    }

    @Test
    void at200x50NothingIsCutWhileThereIsRoom() throws Exception {
        try (Harness h = new Harness(200, 50, false, tmp)) {
            String panes = String.join("\n", h.text().lines().skip(2).limit(16).toList());
            assertThat(panes).contains("migrate-${{ inputs.env }}", "runner@fv-az9-9", "production/terraform.tfstate.tflock", "OP", "Apply",
                    "held by #58").doesNotContain("~");
        }
    }
}

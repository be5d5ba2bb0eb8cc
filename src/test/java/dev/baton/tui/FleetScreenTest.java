package dev.baton.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.baton.command.FleetControls;
import dev.baton.model.Finding;
import dev.baton.model.RepoRef;
import dev.baton.model.Severity;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.model.Stage;
import dev.baton.render.FleetRender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fleet view (several repositories): golden screens at 80x24 and 120x40, Enter into a repository and Esc back. */
class FleetScreenTest {
    @TempDir
    Path tmp;

    /** The fleet at its port: four repositories as FleetSession would give them, and which one is shown. */
    static final class FakeFleet implements FleetControls {
        final List<FleetRender.Repo> repos;
        String shown;
        FleetRender.Judging judging;

        @Override
        public FleetRender.Judging judging() {
            return judging;
        }

        FakeFleet(List<FleetRender.Repo> repos) {
            this.repos = repos;
        }

        @Override
        public List<FleetRender.Repo> repos() {
            return repos;
        }

        @Override
        public String shown() {
            return shown;
        }

        @Override
        public String show(String name) {
            if (repos.stream().noneMatch(r -> r.label().equals(name))) return "no repository '" + name + "' in the fleet";
            shown = name;
            return null;
        }

        @Override
        public void showFleet() {
            shown = null;
        }

        @Override
        public List<String> names() {
            return repos.stream().map(FleetRender.Repo::label).toList();
        }
    }

    static FakeFleet fleet() {
        Snapshot incident = Fixtures.snapshot();
        List<Finding> race = new ArrayList<>(incident.findings());
        race.add(new Finding(Finding.Kind.RACE, Severity.ERROR, "deploy-production", "#61 and #62 deployed production at once",
                List.of("both applied at 14:02"), Fixtures.at("14:02:30")));
        Map<String, SourceHealth> healthy = Map.of("github", new SourceHealth("github", Fixtures.T, null, null));
        Snapshot racing = new Snapshot(incident.takenAt(), new RepoRef("acme", "payments"), incident.mode(), incident.rateLimit(),
                incident.runs(), incident.groups(), List.of(), incident.stages(), race, healthy, Map.of());
        List<Stage> quiet = incident.stages().stream()
                .map(s -> new Stage(s.name(), s.order(), s.groups(), s.lastDeployedSha(), s.lastDeployedRunId(), s.lastDeployedAt(), List.of())).toList();
        Snapshot idle = new Snapshot(incident.takenAt(), new RepoRef("acme", "web"), incident.mode(), incident.rateLimit(),
                List.of(), List.of(), List.of(), quiet, List.of(), healthy, Map.of());
        return new FakeFleet(List.of(
                new FleetRender.Repo("acme/web", idle, null, false),
                new FleetRender.Repo("acme/infra", incident, null, false),
                new FleetRender.Repo("acme/secret", new Snapshot(incident.takenAt(), new RepoRef("acme", "secret"), incident.mode(),
                        incident.rateLimit(), List.of(), List.of(), List.of(), List.of(), List.of(),
                        Map.of("github", new SourceHealth("github", null, "repository acme/secret: 404 not found", Fixtures.T)), Map.of()),
                        "no access to acme/secret with GH_TOKEN (repository acme/secret: 404 not found)", true),
                new FleetRender.Repo("acme/payments", racing, null, false),
                new FleetRender.Repo("acme/new", null, null, false)));
    }

    Harness harness(int cols, int rows, FakeFleet fleet) {
        return new Harness(cols, rows, new Fixtures.FakeRunner(false), Harness.base(tmp).fleet(fleet), Runnable::run);
    }

    @Test
    void fleet80x24() throws Exception {
        try (Harness h = harness(80, 24, fleet())) {
            Golden.check("fleet-80x24", h.text());
        }
    }

    @Test
    void fleet120x40() throws Exception {
        try (Harness h = harness(120, 40, fleet())) {
            Golden.check("fleet-120x40", h.text());
        }
    }

    @Test
    void theMostUrgentComeFirstEnterOpensARepositoryAndEscComesBack() throws Exception {
        FakeFleet fleet = fleet();
        try (Harness h = harness(120, 40, fleet)) {
            String text = h.text();
            // an error finding, then no access, then a warning, then idle, then not polled yet
            assertThat(text.indexOf("acme/payments")).isLessThan(text.indexOf("acme/secret"));
            assertThat(text.indexOf("acme/secret")).isLessThan(text.indexOf("acme/infra"));
            assertThat(text.indexOf("acme/infra")).isLessThan(text.indexOf("acme/web"));
            assertThat(text.indexOf("acme/web")).isLessThan(text.indexOf("acme/new"));
            assertThat(text).contains("5 repositories: 1 with errors, 1 unreadable, 1 with warnings");

            h.type("jj").press(KeyType.Enter); // the third row: acme/infra
            assertThat(fleet.shown).isEqualTo("acme/infra");
            assertThat(h.text()).contains("Groups").contains("Locks").doesNotContain("Repositories");

            h.press(KeyType.Escape);
            assertThat(fleet.shown).isNull();
            assertThat(h.text()).contains("Repositories (5)");

            h.press(KeyType.Enter).type("R"); // R: the fleet view from anywhere
            assertThat(fleet.shown).isNull();
        }
    }

    @Test
    void withOneRepositoryTheFleetKeySaysSo() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type("R");
            assertThat(h.view.message()).contains("one repository is watched");
        }
    }

    @Test
    void anOrgsRepositoriesShowFromTheFirstFrameSayingWhichAreNotJudgedYet() throws Exception {
        List<FleetRender.Repo> repos = new ArrayList<>(fleet().repos);
        repos.add(new FleetRender.Repo("acme/queued", null, null, false, FleetRender.Workflows.QUEUED));
        repos.add(new FleetRender.Repo("acme/reading", null, null, false, FleetRender.Workflows.READING));
        repos.add(new FleetRender.Repo("acme/closed", null, "workflows not read: 403 Resource not accessible by integration", false,
                FleetRender.Workflows.UNREADABLE));
        FakeFleet fleet = new FakeFleet(repos);
        fleet.judging = new FleetRender.Judging(5, 8, 0);
        try (Harness h = harness(120, 40, fleet)) {
            String text = h.text();
            assertThat(text).contains("8 repositories, judged 5 of 8: 1 with errors, 2 unreadable");
            assertThat(text).containsPattern("acme/queued +not judged yet \\(workflows not read\\)");
            assertThat(text).containsPattern("acme/reading +reading workflows\\.\\.\\.");
            assertThat(text).containsPattern("acme/closed +workflows unreadable +workflows not r");
            assertThat(text.indexOf("acme/closed")).isLessThan(text.indexOf("acme/web")); // unreadable before idle
        }
    }
}

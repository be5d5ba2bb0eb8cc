package dev.baton;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the package arrows of docs/architecture.md true: data flows one way, product code never sees the sandbox. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.baton");
    }

    private static void mayOnlyUse(String pkg, String... allowed) {
        String[] all = {"model", "workflow", "github", "lock", "watch", "probe", "lint", "render", "command", "tui", "shell", "serve", "sandbox"};
        java.util.List<String> forbidden = new java.util.ArrayList<>();
        for (String p : all) {
            if (p.equals(pkg) || java.util.Arrays.asList(allowed).contains(p)) continue;
            forbidden.add("dev.baton." + p + "..");
        }
        noClasses().that().resideInAPackage("dev.baton." + pkg + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .allowEmptyShould(true)
                .because("docs/architecture.md: " + pkg + " may use only " + String.join(", ", allowed))
                .check(classes);
    }

    @Test void model() { mayOnlyUse("model"); }
    @Test void workflow() { mayOnlyUse("workflow", "model"); }
    @Test void github() { mayOnlyUse("github", "model", "workflow"); }
    @Test void lock() { mayOnlyUse("lock", "model"); }
    @Test void watch() { mayOnlyUse("watch", "model", "github", "lock"); }
    @Test void probe() { mayOnlyUse("probe", "model", "watch", "github", "lock", "workflow"); }
    @Test void lint() { mayOnlyUse("lint", "model", "workflow"); }
    /** The one renderer per noun: reads snapshots and the watch's readings of them, writes words, cells and view records. */
    @Test void render() { mayOnlyUse("render", "model", "watch"); }
    @Test void command() { mayOnlyUse("command", "model", "workflow", "github", "lock", "watch", "probe", "lint", "render"); }
    @Test void tui() { mayOnlyUse("tui", "command", "render", "watch", "model"); }
    @Test void shell() { mayOnlyUse("shell", "command", "render", "model"); }
    /** The team server's doors: sessions run commands through the registry; the screen is wired by the entry point. */
    @Test void serve() { mayOnlyUse("serve", "command", "workflow", "model"); }

    /** Issue 11: a frontend reaches GitHub and the lock stores only through the command registry (the guarded path). */
    @Test
    void frontendsNeverTouchGitHubOrLockStores() {
        noClasses().that().resideInAnyPackage("dev.baton.tui..", "dev.baton.shell..", "dev.baton.serve..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.baton.github..", "dev.baton.lock..")
                .because("frontends show snapshots and send command lines; changes go through command/Commands (docs/architecture.md)")
                .check(classes);
    }

    /**
     * Issue 11: only the render layer turns times, durations and shas into text for the frontends and the
     * commands (through model/Times, the one formatter): a tui, shell or command class that calls Times itself
     * would be a second rendering of its noun. Times.UNKNOWN, a constant, is no call.
     */
    @Test
    void onlyRenderFormatsTimesForFrontendsAndCommands() {
        noClasses().that().resideInAnyPackage("dev.baton.tui..", "dev.baton.shell..", "dev.baton.command..")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("formats a time, duration or sha with model.Times",
                        call -> call.getTargetOwner().getFullName().equals("dev.baton.model.Times")))
                .because("one renderer per noun: dev.baton.render (docs/architecture.md)")
                .check(classes);
    }
    /**
     * Issue 11: a group's rows (header, members, evicted runs) are built once, by render/GroupRender from its view
     * records: the screen's Groups pane and `groups`/`status` lay out those cells, never words of their own. Outside
     * render nothing makes a row, a run's cells or an evicted run's state words.
     */
    @Test
    void onlyRenderBuildsGroupRows() {
        java.util.Set<String> rows = java.util.Set.of("dev.baton.render.GroupRender$HeadRow", "dev.baton.render.GroupRender$RunRow",
                "dev.baton.render.GroupRender$GroupRows");
        java.util.Set<String> words = java.util.Set.of("dev.baton.render.RunRender.cells", "dev.baton.render.EvictionRender.state");
        noClasses().that().resideOutsideOfPackage("dev.baton.render..")
                .should().callConstructorWhere(com.tngtech.archunit.base.DescribedPredicate.describe("builds a group row",
                        call -> rows.contains(call.getTargetOwner().getFullName())))
                .orShould().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("words a group's run",
                        call -> words.contains(call.getTargetOwner().getFullName() + "." + call.getName())))
                .because("one renderer per noun: render/GroupRender makes a group's rows for every frontend (docs/architecture.md)")
                .check(classes);
    }

    /**
     * Issue 11: a command's `--json` keys come in one order at every run, so its results are records or ordered
     * maps. Map.of with two or more pairs has no order (it changes from run to run), so command never calls it.
     */
    @Test
    void commandsBuildNoUnorderedMaps() {
        noClasses().that().resideInAPackage("dev.baton.command..")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("builds an unordered map of two or more pairs",
                        call -> call.getTargetOwner().isEquivalentTo(java.util.Map.class) && call.getName().equals("of")
                                && call.getTarget().getRawParameterTypes().size() >= 4))
                .because("--json key order is stable: records or LinkedHashMap (docs/commands.md)")
                .check(classes);
    }

    @Test void sandbox() { mayOnlyUse("sandbox", "model", "workflow"); }
    /** Owner-only files (PrivateFiles): every package may use it, it uses none. */
    @Test void files() { mayOnlyUse("files"); }

    /**
     * Issue 11/12: times, durations and ages are written one way, by dev.baton.model.Times. Nothing else
     * builds a time format or formats a java.time value; parsing (GitHub's Date header, a lock's Created)
     * is allowed. The exceptions write other programs' exact formats: the sandbox (GitHub's and
     * Terraform's) and lock.LockInfoCodec (the LockInfo JSON as Go writes it).
     */
    @Test
    void onlyTimesFormatsTimes() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.baton.model.Times")
                .and().doNotHaveFullyQualifiedName("dev.baton.lock.LockInfoCodec")
                .and().resideOutsideOfPackage("dev.baton.sandbox..")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("builds a time format or formats a time",
                        call -> call.getTargetOwner().getPackageName().startsWith("java.time")
                                && (call.getName().equals("format") || call.getName().equals("formatTo")
                                || call.getName().equals("ofPattern") || call.getName().startsWith("ofLocalized"))))
                .because("one rendering of times for every frontend: dev.baton.model.Times (docs/architecture.md)")
                .check(classes);
    }

    /**
     * Issue 10: files and folders are created through PrivateFiles (0600 in 0700), not with the umask's
     * defaults. rapid-fire's --report is output to a place the user named, like a shell redirection.
     */
    @Test
    void filesAreCreatedOwnerOnly() {
        noClasses().that().resideOutsideOfPackage("dev.baton.files..")
                .and().doNotHaveFullyQualifiedName("dev.baton.command.RapidFireCommand")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("creates a file or folder",
                        call -> call.getTargetOwner().isEquivalentTo(java.nio.file.Files.class)
                                && java.util.Set.of("write", "writeString", "newBufferedWriter", "newOutputStream", "createFile",
                                "createDirectory", "createDirectories").contains(call.getName())))
                .orShould().callConstructor(java.io.FileOutputStream.class, java.io.File.class)
                .orShould().callConstructor(java.io.FileOutputStream.class, String.class)
                .orShould().callConstructor(java.io.FileWriter.class, String.class)
                .orShould().callConstructor(java.io.FileWriter.class, java.io.File.class)
                .because("every file baton writes is owner-only: dev.baton.files.PrivateFiles")
                .check(classes);
    }
}

package io.ferry.local.workdir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode's work directories on the disk: the owner marker, which directories a start removes (only Ferry's, only
 * of owners that are gone, judged against real processes), and what a clean stop keeps.
 */
class LocalWorkDirTest {

    @TempDir
    Path parent;

    @Test
    void aTemporaryDirectoryCarriesTheMarkerOfThisProcess() throws Exception {
        LocalWorkDir dir = LocalWorkDir.open(null, parent);

        assertThat(dir.temporary()).isTrue();
        assertThat(dir.path().getParent()).isEqualTo(parent.toAbsolutePath().normalize());
        assertThat(dir.path().getFileName().toString()).startsWith(LocalWorkDir.PREFIX);
        String marker = Files.readString(dir.path().resolve(OwnerMarker.FILE_NAME));
        assertThat(marker).contains("pid=" + ProcessHandle.current().pid() + "\n").doesNotContain("stopped=");
        ProcessHandle.current().info().startInstant()
                .ifPresent(start -> assertThat(marker).contains("started=" + start + "\n"));
        assertThat(OwnerMarker.readFrom(dir.path())).contains(OwnerMarker.ofThisProcess());
        assertThat(OwnerMarker.ofThisProcess().ownerGone()).isFalse();
    }

    @Test
    void aStartRemovesOnlyTheDirectoriesOfOwnersThatAreGone() throws Exception {
        OwnerMarker dead = markerOfAnEndedProcess();
        OwnerMarker self = OwnerMarker.ofThisProcess();
        Process sleeper = new ProcessBuilder("sleep", "60").start(); // a live owner other than this process
        try {
            OwnerMarker live = new OwnerMarker(sleeper.pid(), sleeper.info().startInstant().orElse(null),
                    OwnerMarker.thisPidNamespace(), null);
            Path deadOwner = marked("ferry-local-dead", dead);
            Path stopped = marked("ferry-local-stopped", self.stoppedAt(Instant.now()));
            Path pidTakenAgain = self.started() == null ? null : marked("ferry-local-reused",
                    new OwnerMarker(self.pid(), self.started().minus(Duration.ofHours(1)), self.pidNamespace(), null));
            Path liveOwner = marked("ferry-local-live", live);
            Path thisProcess = marked("ferry-local-self", self);
            Path otherNamespace = marked("ferry-local-container",
                    new OwnerMarker(dead.pid(), dead.started(), "pid:[1]", null));
            Path noMarker = Files.createDirectories(parent.resolve("ferry-local-foreign").resolve("data"))
                    .getParent();
            Path garbled = Files.createDirectories(parent.resolve("ferry-local-garbled"));
            Files.writeString(garbled.resolve(OwnerMarker.FILE_NAME), "pid=not a number\n");
            Path notOurName = marked("other-dead", dead);
            Path elsewhere = Files.createDirectories(parent.resolve("elsewhere"));
            Path deadTarget = marked("elsewhere/ferry-local-target", dead);
            Path link = Files.createSymbolicLink(parent.resolve("ferry-local-link"), deadTarget);

            LocalWorkDir started = LocalWorkDir.open(null, parent);

            assertThat(deadOwner).doesNotExist();
            assertThat(stopped).doesNotExist();
            if (pidTakenAgain != null) {
                assertThat(pidTakenAgain).as("same pid, another start time: another process").doesNotExist();
            }
            assertThat(List.of(liveOwner, thisProcess, otherNamespace, noMarker, garbled, notOurName, link,
                    deadTarget, elsewhere, started.path())).allMatch(Files::exists);
            assertThat(noMarker.resolve("data")).isDirectory();
            assertThat(sleeper.isAlive()).as("the live owner was alive throughout").isTrue();
        } finally {
            sleeper.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aConfiguredDirectoryIsNeverMarkedNorRemovedEvenIfItCarriedADeadOwnersMarker() throws Exception {
        Path configured = marked("ferry-local-chosen", markerOfAnEndedProcess());
        Files.writeString(configured.resolve("notes.txt"), "the user's");

        LocalWorkDir dir = LocalWorkDir.open(configured, parent);
        assertThat(dir.temporary()).isFalse();
        assertThat(dir.path()).isEqualTo(configured.toAbsolutePath().normalize());
        assertThat(configured.resolve(OwnerMarker.FILE_NAME)).as("the stale marker is dropped").doesNotExist();
        LocalWorkDir.open(null, parent); // another start sweeps

        dir.close(List.of());
        assertThat(configured.resolve("notes.txt")).hasContent("the user's");
    }

    @Test
    void aUsersOwnFileOfTheMarkersNameInAConfiguredDirectoryStays() throws Exception {
        Path configured = Files.createDirectories(parent.resolve("mine"));
        Files.writeString(configured.resolve(OwnerMarker.FILE_NAME), "not a marker");

        LocalWorkDir.open(configured, parent).close(List.of());

        assertThat(configured.resolve(OwnerMarker.FILE_NAME)).hasContent("not a marker");
    }

    @Test
    void aCleanStopKeepsOnlyTheGivenSandboxesWhichTheNextStartRemoves() throws Exception {
        LocalWorkDir dir = LocalWorkDir.open(null, parent);
        Path runs = dir.path().resolve("slaves/S0/frameworks/fw/executors/ex/runs");
        Path failed = sandbox(runs.resolve("c1"), "why it failed");
        Path fine = sandbox(runs.resolve("c2"), "all well");
        Files.createSymbolicLink(runs.resolve("latest"), Path.of("c2"));
        Path otherAgent = sandbox(dir.path().resolve("slaves/S1/frameworks/fw/executors/ex/runs/c3"), "all well");
        Path outside = sandbox(parent.resolve("not-below"), "not the work directory's");

        dir.close(List.of(failed, outside, dir.path().resolve("slaves/S9/gone"), failed));

        assertThat(failed.resolve("stderr")).hasContent("why it failed");
        assertThat(fine).doesNotExist();
        assertThat(runs.resolve("latest")).doesNotExist();
        assertThat(otherAgent).doesNotExist();
        assertThat(dir.path().resolve("slaves/S1")).doesNotExist();
        assertThat(outside.resolve("stderr")).exists();
        try (var entries = Files.list(dir.path())) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("slaves",
                    OwnerMarker.FILE_NAME);
        }
        assertThat(OwnerMarker.readFrom(dir.path())).hasValueSatisfying(m -> {
            assertThat(m.stopped()).isNotNull();
            assertThat(m.pid()).isEqualTo(ProcessHandle.current().pid());
        });

        LocalWorkDir next = LocalWorkDir.open(null, parent);
        assertThat(dir.path()).as("removed at the next start, though this process still runs").doesNotExist();
        assertThat(next.path()).isDirectory();
    }

    @Test
    void aCleanStopWithNothingToKeepRemovesTheWholeDirectory() throws Exception {
        LocalWorkDir dir = LocalWorkDir.open(null, parent);
        sandbox(dir.path().resolve("slaves/S0/frameworks/fw/executors/ex/runs/c1"), "all well");

        dir.close(List.of());

        assertThat(dir.path()).doesNotExist();
    }

    /** The marker of a process that ran and ended (reaped, so its pid names nothing or someone else). */
    private static OwnerMarker markerOfAnEndedProcess() throws Exception {
        Process process = new ProcessBuilder("sleep", "60").start();
        Instant started = process.info().startInstant().orElse(null); // read while it runs
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the process ended").isTrue();
        return new OwnerMarker(process.pid(), started, OwnerMarker.thisPidNamespace(), null);
    }

    private Path marked(String name, OwnerMarker marker) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(name));
        Files.createDirectories(dir.resolve("slaves/S0"));
        marker.writeTo(dir);
        return dir;
    }

    private static Path sandbox(Path dir, String stderr) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("stderr"), stderr);
        Files.writeString(dir.resolve("stdout"), "");
        return dir;
    }
}

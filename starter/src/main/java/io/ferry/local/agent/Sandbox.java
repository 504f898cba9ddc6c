package io.ferry.local.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The directory of one executor run, laid out as a Mesos agent does (docs/mesos-notes.md §6):
 * {@code <workDir>/slaves/<agentId>/frameworks/<fw>/executors/<ex>/runs/<containerId>}, with {@code runs/latest}
 * pointing at the newest run.
 *
 * @param directory   the run's directory ({@code MESOS_DIRECTORY}), absolute
 * @param latestLink  {@code …/runs/latest}
 * @param virtualPath {@code /frameworks/<fw>/executors/<ex>/runs/latest}, the path {@code /files} prefers (§7)
 */
record Sandbox(Path directory, Path latestLink, String virtualPath) {

    static Sandbox of(Path workDir, String agentId, String frameworkId, String executorId, String containerId) {
        Path runs = workDir.resolve("slaves").resolve(agentId).resolve("frameworks").resolve(frameworkId)
                .resolve("executors").resolve(executorId).resolve("runs");
        return new Sandbox(runs.resolve(containerId), runs.resolve("latest"),
                "/frameworks/" + frameworkId + "/executors/" + executorId + "/runs/latest");
    }

    /** Creates the directory and its empty {@code stdout}/{@code stderr}, and repoints {@code latest}. */
    void create() throws IOException {
        Files.createDirectories(directory);
        Files.write(stdout(), new byte[0]);
        Files.write(stderr(), new byte[0]);
        Path temp = latestLink.resolveSibling(".latest-" + directory.getFileName());
        Files.deleteIfExists(temp);
        Files.createSymbolicLink(temp, directory.getFileName());
        Files.move(temp, latestLink, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Path stdout() {
        return directory.resolve("stdout");
    }

    Path stderr() {
        return directory.resolve("stderr");
    }
}

package io.zbuf.shm;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedFilesTest {
    /** A pid no process has: above Linux's pid_max limit of 2^22. */
    private static final long DEAD_PID = 4_999_999_999L;

    @TempDir
    Path dir;

    @Test
    void newFilesAreNamedAfterThisProcessAndPrivate() throws Exception {
        SharedFiles files = new SharedFiles(dir);
        SharedFiles.Created first = files.create();
        SharedFiles.Created second = files.create();
        first.channel().close();
        second.channel().close();
        assertThat(first.path().getParent()).isEqualTo(dir);
        assertThat(first.path().getFileName().toString()).startsWith("zbuf-" + ProcessHandle.current().pid() + "-");
        assertThat(second.path()).isNotEqualTo(first.path());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.path()))).isEqualTo("rw-------");
        assertThat(SharedFiles.ownerPid(first.path())).isEqualTo(ProcessHandle.current().pid());
        assertThat(files.directory()).isEqualTo(dir);
    }

    @Test
    void aLeftOverFileWithTheSameNameIsSkipped() throws Exception {
        SharedFiles files = new SharedFiles(dir);
        SharedFiles.Created probe = files.create();
        probe.channel().close();
        String name = probe.path().getFileName().toString();
        long next = Long.parseLong(name.substring(name.lastIndexOf('-') + 1)) + 1;
        Files.createFile(dir.resolve("zbuf-" + ProcessHandle.current().pid() + "-" + next));
        SharedFiles.Created created = files.create();
        created.channel().close();
        assertThat(created.path().getFileName().toString()).isEqualTo("zbuf-" + ProcessHandle.current().pid() + "-" + (next + 1));
    }

    @Test
    void orphansOfDeadProcessesAreRemovedAndNothingElse() throws Exception {
        Path orphan = Files.createFile(dir.resolve("zbuf-" + DEAD_PID + "-1"));
        Path orphan2 = Files.createFile(dir.resolve("zbuf-" + DEAD_PID + "-2"));
        Path alive = Files.createFile(dir.resolve("zbuf-" + ProcessHandle.current().pid() + "-1"));
        Path foreign = Files.createFile(dir.resolve("zbuf-notapid-1"));
        Path other = Files.createFile(dir.resolve("other-" + DEAD_PID + "-1"));
        Path pidZero = Files.createFile(dir.resolve("zbuf-0-1"));
        assertThat(new SharedFiles(dir).removeOrphans()).isEqualTo(2);
        assertThat(orphan).doesNotExist();
        assertThat(orphan2).doesNotExist();
        assertThat(alive).exists();
        assertThat(foreign).exists();
        assertThat(other).exists();
        assertThat(pidZero).exists();
        assertThat(new SharedFiles(dir.resolve("missing")).removeOrphans()).isZero();
    }

    @Test
    void onlyOwnRegularFilesOfTheDirectoryAreAccepted() throws Exception {
        SharedFiles files = new SharedFiles(dir);
        SharedFiles.Created created = files.create();
        created.channel().close();
        assertThat(files.validate(created.path().toString())).isEqualTo(created.path());
        assertThat(files.validate(dir.resolve("sub/../" + created.path().getFileName()).toString())).isEqualTo(created.path());
        assertRefused(files, "/etc/passwd", Errno.EINVAL, "not a zbuf shared file");
        assertRefused(files, dir.resolve("not-ours").toString(), Errno.EINVAL, "not a zbuf shared file");
        assertRefused(files, Files.createFile(dir.resolve("zbuf-0-1")).toString(), Errno.EINVAL, "not a zbuf shared file");
        Path nested = Files.createDirectories(dir.resolve("d")).resolve("zbuf-1-1");
        assertRefused(files, nested.toString(), Errno.EINVAL, "not a zbuf shared file");
        Path link = Files.createSymbolicLink(dir.resolve("zbuf-1-2"), created.path());
        assertRefused(files, link.toString(), Errno.EINVAL, "not a regular file");
        Path directory = Files.createDirectory(dir.resolve("zbuf-1-3"));
        assertRefused(files, directory.toString(), Errno.EINVAL, "not a regular file");
        assertRefused(files, dir.resolve("zbuf-1-4").toString(), Errno.EINVAL, "not a regular file");
    }

    @Test
    void anotherUsersFileIsNotPermitted() throws Exception {
        assertThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("only root can give a file away: run the tests as root (./verify on CI is)").isZero();
        SharedFiles files = new SharedFiles(dir);
        SharedFiles.Created created = files.create();
        created.channel().close();
        Files.setAttribute(created.path(), "unix:uid", 65534);
        assertRefused(files, created.path().toString(), Errno.EPERM, "another user");
        assertThat(files.validate(created.path().toString(), "nobody")).as("the file of the user it is mapped for").isEqualTo(created.path());
        assertThatThrownBy(() -> files.validate(created.path().toString(), "root")).isInstanceOf(BpfException.class)
                .hasMessage("open: " + created.path() + " belongs to another user than root (EPERM)");
        assertThat(files.user()).isEqualTo("root");
    }

    @Test
    void namesThatAreNotOursCarryNoPid() {
        assertThat(SharedFiles.ownerPid(Path.of("zbuf-12-3"))).isEqualTo(12);
        assertThat(SharedFiles.ownerPid(Path.of("zbuf-12"))).isEqualTo(-1);
        assertThat(SharedFiles.ownerPid(Path.of("xzbuf-12-3"))).isEqualTo(-1);
        assertThat(SharedFiles.ownerPid(Path.of("zbuf-99999999999999999999-3"))).isEqualTo(-1);
        assertThat(SharedFiles.ownerPid(Path.of("zbuf-9999999999999999999-3"))).isEqualTo(-1);
    }

    private static void assertRefused(SharedFiles files, String path, Errno errno, String why) {
        assertThatThrownBy(() -> files.validate(path)).isInstanceOf(BpfException.class).hasMessageContaining(why)
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(errno));
    }
}

package io.zbuf.shm;

import io.zbuf.spi.BpfException;
import io.zbuf.spi.Errno;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The descriptors' shared files: {@code <dir>/zbuf-<pid>-<n>}, mode 0600, one per descriptor, where {@code dir}
 * is {@code /dev/shm}. The owner's pid in the name lets whoever starts next remove the files of a user that
 * crashed; the daemon accepts only files that look like these, in this directory, owned by its own user.
 */
public final class SharedFiles {
    /** Where POSIX shared memory lives on Linux. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/dev/shm");
    private static final String PREFIX = "zbuf-";
    private static final Pattern NAME = Pattern.compile(PREFIX + "(\\d{1,19})-(\\d{1,19})");
    private static final AtomicLong NEXT = new AtomicLong();

    private final Path directory;

    /** Shared files in {@code directory}. */
    public SharedFiles(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The directory the files live in. */
    public Path directory() {
        return directory;
    }

    /**
     * Creates a new, empty file named after this process, readable and writable by its owner only, and opens it.
     *
     * @throws IOException if the directory refuses
     */
    public Created create() throws IOException {
        long pid = ProcessHandle.current().pid();
        while (true) {
            Path file = directory.resolve(PREFIX + pid + "-" + NEXT.incrementAndGet());
            try {
                return new Created(file, FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
            } catch (FileAlreadyExistsException leftOver) {
                // a file of an earlier process with our pid: take the next number
            }
        }
    }

    /**
     * Removes the files of processes that no longer run: what a crashed user left behind.
     *
     * @return how many files were removed
     */
    public int removeOrphans() {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path file : files) {
                long pid = ownerPid(file);
                if (pid > 0 && ProcessHandle.of(pid).isEmpty() && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException | SecurityException e) {
            System.getLogger(SharedFiles.class.getName()).log(System.Logger.Level.DEBUG, "cannot clean " + directory, e);
        }
        return removed;
    }

    /**
     * Checks that a path a user sent names one of these files: a regular file (not a symbolic link) in this
     * directory, named as {@link #create()} names files, and owned by this process's user.
     *
     * @return the path, absolute and normalized
     * @throws BpfException {@link Errno#EINVAL} for any other path, {@link Errno#EPERM} for another user's file
     */
    public Path validate(String text) throws BpfException {
        return validate(text, user());
    }

    /**
     * As {@link #validate(String)}, the file owned by the user named {@code owner}: a daemon serving other users
     * maps only the file of the user at the other end of the connection.
     */
    public Path validate(String text, String owner) throws BpfException {
        Path file = Path.of(text).toAbsolutePath().normalize();
        if (!directory.equals(file.getParent()) || ownerPid(file) <= 0) {
            throw new BpfException(Errno.EINVAL, "open: " + text + " is not a zbuf shared file in " + directory);
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new BpfException(Errno.EINVAL, "open: " + file + " is not a regular file");
        }
        if (!owner.equals(ownerOf(file))) {
            throw new BpfException(Errno.EPERM, "open: " + file + " belongs to another user than " + owner);
        }
        return file;
    }

    /** The name of this process's user, as the file system names owners. */
    public String user() throws BpfException {
        return ownerOf(directory.getFileSystem().getPath("/proc/self"));
    }

    private static String ownerOf(Path file) throws BpfException {
        try {
            return Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
        } catch (IOException | UnsupportedOperationException e) {
            throw new BpfException(Errno.EINVAL, "open: cannot check the owner of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The pid a file's name carries, or -1 if the name is not one of ours. */
    static long ownerPid(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
            return -1;
        }
        try {
            return Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * A file just created, and the channel it is open with.
     *
     * @param path    where it is
     * @param channel open for reading and writing
     */
    public record Created(Path path, FileChannel channel) {
    }
}

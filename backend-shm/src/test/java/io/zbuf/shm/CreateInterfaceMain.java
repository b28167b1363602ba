package io.zbuf.shm;

import io.zbuf.spi.BpfException;

import java.nio.file.Path;

/**
 * A user of the daemon in its own process, for the test of a daemon serving other users:
 * {@code CreateInterfaceMain SOCKET NAME SOURCE} asks the daemon to create an interface and prints {@code created}
 * or the error.
 */
public final class CreateInterfaceMain {
    private CreateInterfaceMain() {
    }

    public static void main(String[] args) {
        try {
            new ShmBackend(Path.of(args[0])).createInterface(args[1], args[2]);
            System.out.println("created");
        } catch (BpfException e) {
            System.out.println(e.getMessage());
        }
    }
}

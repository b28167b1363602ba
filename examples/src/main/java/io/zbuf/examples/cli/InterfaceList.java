package io.zbuf.examples.cli;

import io.zbuf.spi.Backend;
import io.zbuf.spi.BpfException;

import java.io.PrintWriter;
import java.util.List;

/** {@code zbuf capture -D}: the backend's interfaces as tcpdump -D prints them, {@code 1.sim0}, {@code 2.lo0}, ... */
final class InterfaceList {
    private InterfaceList() {
    }

    static void print(Backend backend, PrintWriter out) throws BpfException {
        List<String> names = backend.interfaces();
        for (int i = 0; i < names.size(); i++) {
            out.println((i + 1) + "." + names.get(i));
        }
        out.flush();
    }
}

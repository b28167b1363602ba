package io.zbuf.examples.cli;

import picocli.CommandLine;

import java.util.Locale;

/** Reads a byte count: {@code 65536}, {@code 64k}, {@code 2m}. */
final class SizeConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        int scale = 1;
        if (text.endsWith("k")) {
            scale = 1024;
        } else if (text.endsWith("m")) {
            scale = 1024 * 1024;
        }
        String digits = scale == 1 ? text : text.substring(0, text.length() - 1);
        try {
            long bytes = Long.parseLong(digits) * scale;
            if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) bytes;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size in bytes (try 65536, 64k, 2m)");
        }
    }
}

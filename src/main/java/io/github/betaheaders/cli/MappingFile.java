package io.github.betaheaders.cli;

import io.github.betaheaders.core.EchoedInput;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.load.MappingSnapshot;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Reads a mapping document named on the command line as a reload reads {@code configFile}: at most
 * {@code maxConfigBytes} bytes (option {@code --max-config-bytes}, same default and range as the setting), parsed by
 * the filter's parser.
 */
final class MappingFile {

    static final String MAX_CONFIG_BYTES_OPTION = "--max-config-bytes";
    static final long MIN_CONFIG_BYTES = 1024;
    static final long MAX_CONFIG_BYTES = 64L * 1024 * 1024;

    private MappingFile() {
    }

    /**
     * @throws InputFileException when there is no readable regular file at {@code name}
     * @throws InvalidMappingException when it is over the limit or not a valid mapping; the message names the file
     */
    static MappingSnapshot read(String name, long maxBytes) throws InputFileException, InvalidMappingException {
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw new InputFileException("[" + EchoedInput.of(name) + "] is not a file name: " + e.getReason());
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InputFileException("no readable file at [" + EchoedInput.of(name) + "]");
        }
        return MappingSnapshot.file(path, maxBytes, Clock.systemUTC());
    }

    /** A file name as printed: control and unprintable characters escaped, cut after 200 characters. */
    static String shown(String name) {
        return EchoedInput.of(name, 200);
    }

    /** The {@code --max-config-bytes} option's value, or the setting's default. */
    static long maxBytes(Arguments args) throws UsageException {
        return args.whole(MAX_CONFIG_BYTES_OPTION, FilterSettings.DEFAULT_MAX_CONFIG_BYTES, MIN_CONFIG_BYTES,
                MAX_CONFIG_BYTES, "bytes");
    }
}

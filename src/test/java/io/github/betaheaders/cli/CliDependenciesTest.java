package io.github.betaheaders.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command line runs with nothing but the JDK and the jar: its classes name no servlet type and none of the packages
 * that do (servlet, service), nor metrics or store. Read from the class files' constant pools, where every class a
 * class uses is named.
 */
class CliDependenciesTest {

    private static final List<String> FORBIDDEN = List.of("jakarta/servlet", "io/github/betaheaders/servlet/",
            "io/github/betaheaders/service/", "io/github/betaheaders/metrics/", "io/github/betaheaders/store/",
            "io/micrometer");

    @Test
    void theCliClassesUseOnlyCoreLoadAndBody() throws IOException, URISyntaxException {
        Path classes = Path.of(BetaHeadersCli.class.getResource("BetaHeadersCli.class").toURI()).getParent();
        List<String> found = new ArrayList<>();
        int read = 0;
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                read++;
                for (String name : FORBIDDEN) {
                    if (text.contains(name)) {
                        found.add(file.getFileName() + " names " + name);
                    }
                }
            }
        }
        assertTrue(read >= 8, "class files read: " + read);
        assertEquals(List.of(), found);
    }
}

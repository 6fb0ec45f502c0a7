package io.github.betaheaders.example.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A servlet container from its distribution (unpacked by the build into {@code target/standalone/dist}), run as a
 * separate process with its own default configuration; only the HTTP port (a free one) and a loopback address are
 * changed, plus a short deployment scan interval so that a redeploy takes a second. WARs are deployed the way an
 * operator deploys them: by copying them into its {@code webapps} directory.
 *
 * <p>Everything the process writes (stdout and stderr: the container's console log, which also carries what webapps
 * log through {@code java.util.logging}) goes to {@link #log()}; nothing reaches the test console. Every wait is
 * bounded; {@link #close()} kills the process, and a JVM shutdown hook does so if a test run is cut short.
 */
abstract class StandaloneServer implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(45);

    final Path base;
    final int port;
    private final Path log;
    private Process process;
    private Thread killer;

    StandaloneServer(Path base) throws IOException {
        this.base = base;
        this.port = freePort();
        this.log = base.resolve("console.log");
    }

    /** The directory operators deploy WARs into. */
    abstract Path webapps();

    /** The command that runs the container in the foreground. */
    abstract List<String> command();

    /** Extra environment of the process (besides the caller's). */
    void environment(Map<String, String> environment) {
    }

    /** A line of the console log that says the server accepts requests. */
    abstract Predicate<String> started();

    /** Counts the console log lines that say the webapp at {@code contextPath} finished (re)deploying. */
    abstract long deployments(String contextPath) throws IOException;

    /**
     * Whether no older instance of the webapp is still being replaced (Jetty starts the new one before it stops the
     * old, and a request in between may reach the old one as it stops).
     */
    boolean settled(String contextPath) throws IOException {
        return true;
    }

    /** The class names of the container's webapp class loaders (counted in heap histograms). */
    abstract List<String> webappClassLoaderClasses();

    final void start(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command()).directory(base.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ANTHROPIC_BETA_HEADERS_")
                || name.startsWith("LITELLM_") || name.startsWith("CATALINA_") || name.startsWith("JETTY_"));
        environment(builder.environment());
        builder.environment().putAll(environment);
        process = builder.start();
        killer = new Thread(this::kill, "kill " + base.getFileName());
        Runtime.getRuntime().addShutdownHook(killer);
        awaitLog(started(), START_TIMEOUT, "the server to start");
    }

    final URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    final Path log() {
        return log;
    }

    final String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    final long pid() {
        return process.pid();
    }

    /** Copies the WAR in as {@code webapps/<name>.war} (atomically) and waits until it is deployed. */
    final void deploy(String name, Path war) throws Exception {
        long before = deployments("/" + name);
        Path target = webapps().resolve(name + ".war");
        Path tmp = base.resolve(name + ".war.tmp");
        Files.copy(war, tmp, StandardCopyOption.REPLACE_EXISTING);
        if (Files.exists(target)) {
            // A new modification time even within the file system's time granularity.
            Files.setLastModifiedTime(tmp, FileTime.from(Files.getLastModifiedTime(target).toInstant()
                    .plusSeconds(2)));
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        awaitDeployments("/" + name, before + 1);
    }

    /** Redeploys {@code webapps/<name>.war} by giving it a new modification time, as {@code touch} does. */
    final void touch(String name) throws Exception {
        long before = deployments("/" + name);
        Path target = webapps().resolve(name + ".war");
        Instant next = Files.getLastModifiedTime(target).toInstant().plusSeconds(2);
        Files.setLastModifiedTime(target, FileTime.from(next));
        awaitDeployments("/" + name, before + 1);
    }

    private void awaitDeployments(String contextPath, long count) throws Exception {
        long deadline = System.nanoTime() + DEPLOY_TIMEOUT.toNanos();
        while (deployments(contextPath) < count || !settled(contextPath)) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no deployment of " + contextPath + " within " + DEPLOY_TIMEOUT
                        + "; console log " + log + ":\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    final void awaitLog(Predicate<String> line, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Stream<String> lines = Files.exists(log) ? Files.lines(log, StandardCharsets.ISO_8859_1)
                    : Stream.empty()) {
                if (lines.anyMatch(line)) {
                    return;
                }
            }
            checkAlive();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout + " for " + what + "; console log " + log + ":\n"
                        + tail());
            }
            Thread.sleep(100);
        }
    }

    final long countLines(Predicate<String> line) throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line).count();
        }
    }

    private void checkAlive() throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("the server exited with " + process.exitValue() + "; console log " + log
                    + ":\n" + tail());
        }
    }

    final String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** The names of the server JVM's live threads, from {@code jcmd <pid> Thread.print}. */
    final List<String> threadNames() throws Exception {
        String dump = jcmd("Thread.print");
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\"(.*?)\" #").matcher(dump);
        while (m.find()) {
            names.add(m.group(1));
        }
        if (names.isEmpty()) {
            throw new AssertionError("no threads in jcmd Thread.print:\n" + dump);
        }
        return names;
    }

    /** After a full GC ({@code jcmd GC.run}), how many webapp class loaders are on the heap. */
    final long liveWebappClassLoaders() throws Exception {
        jcmd("GC.run");
        String histogram = jcmd("GC.class_histogram", "-all");
        long count = 0;
        boolean found = false;
        for (String loaderClass : webappClassLoaderClasses()) {
            Matcher m = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(loaderClass)
                    + "(\\s|$)").matcher(histogram);
            if (m.find()) {
                found = true;
                count += Long.parseLong(m.group(1));
            }
        }
        if (!found) {
            // At least the deployed webapps' loaders are alive: no match means the histogram was misread.
            throw new AssertionError("none of " + webappClassLoaderClasses() + " in jcmd GC.class_histogram");
        }
        return count;
    }

    /**
     * Repeats a full GC and a count of the webapp class loaders until at most {@code limit} are alive (objects that
     * wait for their cleaners need more than one collection) or 20 seconds have passed; returns the last count.
     */
    final long liveWebappClassLoadersUntilAtMost(long limit) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long count = liveWebappClassLoaders();
        while (count > limit && System.nanoTime() < deadline) {
            Thread.sleep(500);
            count = liveWebappClassLoaders();
        }
        return count;
    }

    private String jcmd(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid())));
        args.addAll(List.of(command));
        Path out = Files.createTempFile(base, "jcmd", ".txt");
        Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("jcmd " + String.join(" ", command) + " did not answer within 30 s");
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        if (jcmd.exitValue() != 0) {
            throw new AssertionError("jcmd " + String.join(" ", command) + " failed: " + text);
        }
        return text;
    }

    private void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
        // The deployed and unpacked WARs go; the console log stays for reading.
        for (String dir : List.of("webapps", "work", "temp")) {
            deleteTree(base.resolve(dir));
        }
        if (killer != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down, and the hook kills the process anyway
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // best effort: it is under target/, which mvn clean removes
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}

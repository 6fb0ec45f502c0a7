package io.github.betaheaders.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A benchmark's main class run again in a fresh JVM (a fork, as JMH calls it), with this JVM's options and class path,
 * its output going to this process's. Each JVM compiles the code its own way (what it inlines, in which order methods
 * reach the JIT), so one JVM's figures are one draw of that; a benchmark that pools several forks averages it.
 */
final class BenchmarkFork {

    private BenchmarkFork() {
    }

    /**
     * Runs {@code main} with {@code args} and then {@code extraArgs}, waits for it, and returns its exit status.
     *
     * @throws IOException when the JVM cannot be started
     */
    static int run(Class<?> main, String[] args, List<String> extraArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-classpath");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        command.addAll(extraArgs);
        Process fork = new ProcessBuilder(command).inheritIO().start();
        try {
            return fork.waitFor();
        } finally {
            fork.destroy(); // only when this process is interrupted while waiting
        }
    }
}

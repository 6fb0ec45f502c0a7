package io.github.betaheaders.cli;

import io.github.betaheaders.core.EchoedInput;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The jar's command line, {@code java -jar beta-headers-filter.jar <command>}: offline checks of mappings for an
 * operator's CI ({@code check}, {@code validate}, {@code diff}). Uses the filter's core and loading code only, so it
 * needs nothing but the JDK and the jar (no servlet API).
 */
public final class BetaHeadersCli {

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar beta-headers-filter.jar <command> [options]",
            "",
            "Commands:",
            "  check --provider P --betas a,b,c [--config FILE] [--overrides FILE] [--model M]",
            "        [--forward-unknown P1,P2|none] [--max-betas N] [--json]",
            "      What the filter forwards to provider P for these betas: forwarded, renamed (to what) or dropped,",
            "      and why. --config defaults to the mapping bundled in the jar; --forward-unknown and --max-betas",
            "      mirror the settings forwardUnknownBetas (default: anthropic) and maxBetas (default: 256).",
            "  validate FILE [--json]",
            "      Whether a reload would accept the mapping document: OK with its sha256 and counts, or INVALID.",
            "  diff OLD NEW [--json]",
            "      What a reload from OLD to NEW changes, per provider and beta.",
            "  help, --help",
            "      This text.",
            "Every command also takes --max-config-bytes N (the setting maxConfigBytes; default 1048576).",
            "",
            "Exit codes:",
            "  0  check: every beta forwarded (renamed counts); validate: valid; diff: no change",
            "  1  check: at least one beta dropped; validate: invalid; diff: the mappings differ",
            "  2  bad usage, a file that cannot be read, or an invalid document given to check or diff");

    private BetaHeadersCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns its exit code (see {@link #USAGE}). Never exits the JVM. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            out.println(USAGE);
            return ExitCodes.OK;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "help":
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return ExitCodes.OK;
                case CheckCommand.NAME:
                    return CheckCommand.run(rest, out);
                case ValidateCommand.NAME:
                    return ValidateCommand.run(rest, out);
                case DiffCommand.NAME:
                    return DiffCommand.run(rest, out);
                default:
                    throw new UsageException("unknown command [" + EchoedInput.of(args[0]) + "]");
            }
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return ExitCodes.ERROR;
        } catch (InputFileException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.ERROR;
        } finally {
            out.flush();
            err.flush();
        }
    }
}

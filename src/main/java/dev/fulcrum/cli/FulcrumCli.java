package dev.fulcrum.cli;

import dev.fulcrum.error.Failures;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code fulcrum <command>}. Commands are thin: parse, validate, run a job. */
@Command(name = "fulcrum", mixinStandardHelpOptions = true, version = "fulcrum 0.1.0",
        description = {"Learn from heavily class-imbalanced data on Apache Spark + DL4J.",
                "Typical first steps:",
                "  fulcrum generate --rows 284807 --output data/fraud.csv",
                "  fulcrum train --job jobs/fraud-baseline.conf --set training.epochs=3",
                "  fulcrum generate-images --count 200 --out data/blobs"},
        subcommands = {GenerateCommand.class, GenerateImagesCommand.class, TrainCommand.class, ScoreCommand.class, RetrainCommand.class,
                CompareCommand.class, TuneCommand.class, CommandLine.HelpCommand.class})
public final class FulcrumCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs a command line and returns the exit code: 0 ok, 2 bad input or config, 3 I/O failure
     * (storage, not the input), 1 internal error (with a stack trace to report).
     */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new FulcrumCli());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            boolean verbose = parsed.hasMatchedOption("--verbose");
            int code = Failures.exitCode(ex);
            String line = Failures.oneLine(ex);
            if (code != Failures.INTERNAL && line != null) {
                cmd.getErr().println("fulcrum: " + line);
                if (verbose) {
                    ex.printStackTrace(cmd.getErr());
                }
                return code;
            }
            cmd.getErr().println("fulcrum: internal error (please report it with this trace): " + ex);
            ex.printStackTrace(cmd.getErr());
            return Failures.INTERNAL;
        });
        return cli.execute(args);
    }
}

package dev.dynsolo.app;

import dev.dynsolo.app.cli.DemoCommand;
import dev.dynsolo.app.cli.ServeCommand;
import dev.dynsolo.model.io.Messages;
import dev.dynsolo.stream.cli.RunCommand;
import dev.dynsolo.training.cli.EvalCommand;
import dev.dynsolo.training.cli.ExportCommand;
import dev.dynsolo.training.cli.ImportCommand;
import dev.dynsolo.training.cli.MakeScenesCommand;
import dev.dynsolo.training.cli.MakeShapesCommand;
import dev.dynsolo.training.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code solo} command line: one launcher for every job. Failures print one line naming the
 * problem and exit non-zero (1 for a failed job, 2 for bad usage).
 */
@Command(name = "solo", mixinStandardHelpOptions = true, version = "dynsolo 0.1.0",
    description = "Live instance segmentation with Dynamic SOLO (SOLOv2).",
    subcommands = {DemoCommand.class, ServeCommand.class, RunCommand.class, MakeShapesCommand.class,
        MakeScenesCommand.class, TrainCommand.class, EvalCommand.class, ExportCommand.class, ImportCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + oneLine(e));
      if (System.getenv("SOLO_DEBUG") != null) {
        e.printStackTrace(commandLine.getErr());
      }
      return 1;
    });
    return cli;
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : Messages.firstLine(message);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}

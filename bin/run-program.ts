/**
 * Run a commander program and set the exit status: 0 when the command did its job (or
 * set its own code), 2 for a usage error (commander's, or a UsageError with a message
 * saying what to fix) and for anything unexpected (with its stack). Shared by the dnnlab
 * CLI and the released checker.
 */
import { type Command, CommanderError } from "commander";
import { UsageError } from "./errors.ts";

const helpWidth = (stream: NodeJS.WriteStream): number => (stream.isTTY && stream.columns ? stream.columns : 10_000);

/** The command and all its subcommands. */
const commandsOf = (c: Command): Command[] => [c, ...c.commands.flatMap(commandsOf)];

export async function runProgram(program: Command, name: string, argv: string[] = process.argv): Promise<void> {
  // Commander would call process.exit on a usage error; every (sub)command throws instead.
  for (const c of commandsOf(program)) {
    c.exitOverride();
    // Our --help texts are wrapped by hand: commander wraps them again only to a terminal's width
    // (when piped, its default of 80 columns would break every long line a second time).
    c.configureOutput({ getOutHelpWidth: () => helpWidth(process.stdout), getErrHelpWidth: () => helpWidth(process.stderr) });
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
    } else if (err instanceof UsageError) {
      console.error(`${name}: ${err.message}`);
      process.exitCode = 2;
    } else {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exitCode = 2;
    }
  }
}

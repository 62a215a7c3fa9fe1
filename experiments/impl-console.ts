/**
 * The `console` a loaded student implementation sees (loadImpl binds it in the module in
 * place of the global one), so that what the student's code prints goes where the caller
 * says (stderr with `--json`, so stdout stays the table) without patching the global console.
 */
import { Console } from "node:console";
import { Writable } from "node:stream";

let target: NodeJS.WritableStream = process.stdout;

const forward = new Writable({
  write(chunk: Buffer, _encoding, done) {
    target.write(chunk);
    done();
  },
});

export const implConsole = new Console({ stdout: forward, stderr: process.stderr });

/** Send what loaded implementations print with console.log/info/… to `stream` from now on. */
export function setImplOutput(stream: NodeJS.WritableStream): void {
  target = stream;
}
